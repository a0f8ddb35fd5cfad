/**
 * Every scheduled job, in one list: the scheduler and the jobs CLI run these. A new job is a file in
 * src/jobs/ exporting a JobDefinition, added here; its name is part of its slots' keys, so keep it stable.
 */
import type { JobDefinition } from './job.js';
import { approvalEscalations, approvalReminders } from './approval-reminders.js';
import { managerDigest } from './digest.js';
import { importResume } from './import-resume.js';
import { repNudge } from './nudge.js';
import { retention } from './retention.js';
import { accountGrades } from './account-grades.js';

export const JOBS: JobDefinition[] = [
  approvalReminders,
  approvalEscalations,
  managerDigest,
  repNudge,
  retention,
  importResume,
  accountGrades,
];
