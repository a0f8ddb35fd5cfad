/**
 * The nightly account grades: at 02:30 in each workspace's time zone, every workspace that has a grade
 * rule (`/dealdesk grades`) has the rule applied to its accounts not graded by hand, from one aggregate
 * statement over its deals (store/accounts.ts `regradeAccounts`). It delivers nothing; each change of
 * grade is an audit entry. Its slot per workspace and night makes it run once across replicas, and a
 * second run finds nothing to change.
 */
import { regradeAccounts, workspacesWithGradeRule } from '../store/accounts.js';
import type { JobDefinition } from './job.js';
import { dailySlotsDue } from './schedule.js';

export const ACCOUNT_GRADES_JOB_NAME = 'account-grades';

const RUN_AT = '02:30';
/** A night missed while every replica was down is made up the same morning. */
const CATCH_UP_MINUTES = 6 * 60;
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

export const accountGrades: JobDefinition = {
  name: ACCOUNT_GRADES_JOB_NAME,
  async dueSlots({ db, now }) {
    const workspaces = await workspacesWithGradeRule(db);
    return workspaces.flatMap((workspace) =>
      dailySlotsDue({ now, timeZone: workspace.timeZone, localTime: RUN_AT, weekdays: EVERY_DAY, catchUpMinutes: CATCH_UP_MINUTES }).map(
        ({ slotAt, late }) => ({ recipientKey: `workspace:${workspace.id}`, slotAt, late, workspaceId: workspace.id }),
      ),
    );
  },
  async run(slot, { db, now, logger }) {
    if (slot.workspaceId === null) return;
    const result = await regradeAccounts(db, slot.workspaceId, now);
    logger.info({ workspaceId: slot.workspaceId, changed: result.changed, skipped: result.skipped }, 'account grades: rule applied');
  },
};
