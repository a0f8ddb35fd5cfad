import type { Db, Prisma } from './db.js';

/** Who changed something, in which workspace, and when: every administrative write carries one. */
export type AuditActor = { workspaceId: string; actorId: string; now: Date };

export type AuditSubject = 'member' | 'team' | 'workspace';

export type AuditChange = {
  subjectType: AuditSubject;
  subjectId: string;
  /** e.g. `team.created`, `member.role_changed`, `workspace.renamed`. */
  action: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
};

/** Records a change; called inside the transaction that makes it, so the two are written together. */
export async function writeAudit(tx: Pick<Db, 'auditEntry'>, by: AuditActor, change: AuditChange): Promise<void> {
  await tx.auditEntry.create({
    data: {
      workspaceId: by.workspaceId,
      actorId: by.actorId,
      subjectType: change.subjectType,
      subjectId: change.subjectId,
      action: change.action,
      at: by.now,
      ...(change.before !== undefined ? { before: change.before } : {}),
      ...(change.after !== undefined ? { after: change.after } : {}),
    },
    select: { id: true },
  });
}
