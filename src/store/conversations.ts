import type { Db } from './db.js';

/** personal: a member's one-to-one chat with the bot; channel: a team channel or a group chat. */
export type ConversationKind = 'personal' | 'channel';

export type SavedConversation = {
  workspaceId: string;
  platform: string;
  conversationId: string;
  kind: ConversationKind;
  /** The member whose personal chat this is; null for channels. */
  memberId: string | null;
  /** The platform's serialised reference (Bot Framework `ConversationReference` for Teams). */
  reference: Record<string, unknown>;
};

export type ConversationTarget = { workspaceId: string; platform: string } & ({ memberId: string } | { conversationId: string });

const select = { workspaceId: true, platform: true, conversationId: true, kind: true, memberId: true, reference: true } as const;

/**
 * Remembers where a conversation is, so digests, approval requests and notifications can be sent to it
 * later. Stored on install and refreshed on every activity (the service URL of a tenant can change).
 * A conversation id belongs to one workspace for good: an activity claiming it from another tenant is
 * ignored and `false` returned, so one tenant can never redirect another's messages.
 */
export async function saveConversationReference(db: Db, input: SavedConversation): Promise<boolean> {
  const data = { kind: input.kind, memberId: input.memberId, reference: input.reference as object };
  const where = { platform_conversationId: { platform: input.platform, conversationId: input.conversationId } };
  const existing = await db.conversationReference.findUnique({ where, select: { workspaceId: true } });
  if (existing) {
    if (existing.workspaceId !== input.workspaceId) return false;
    await db.conversationReference.update({ where, data, select: { id: true } });
    return true;
  }
  try {
    await db.conversationReference.create({
      data: { ...data, workspaceId: input.workspaceId, platform: input.platform, conversationId: input.conversationId },
      select: { id: true },
    });
  } catch (error) {
    // The same conversation's first two activities raced; the other one stored it.
    const raced = await db.conversationReference.findUnique({ where, select: { workspaceId: true } });
    if (!raced) throw error;
    return raced.workspaceId === input.workspaceId;
  }
  return true;
}

/** A member's personal chat, or a named conversation, of one workspace; null when none was ever seen. */
export async function findConversationReference(db: Db, target: ConversationTarget): Promise<SavedConversation | null> {
  const row =
    'memberId' in target
      ? await db.conversationReference.findFirst({
          where: { workspaceId: target.workspaceId, platform: target.platform, memberId: target.memberId, kind: 'personal' },
          select,
          orderBy: { updatedAt: 'desc' },
        })
      : await db.conversationReference.findFirst({
          where: { workspaceId: target.workspaceId, platform: target.platform, conversationId: target.conversationId },
          select,
        });
  return row ? toSaved(row) : null;
}

/** Every conversation of a workspace on a platform, most recently active first. */
export async function listConversationReferences(
  db: Db,
  workspaceId: string,
  platform: string,
  kind?: ConversationKind,
): Promise<SavedConversation[]> {
  const rows = await db.conversationReference.findMany({
    where: { workspaceId, platform, ...(kind ? { kind } : {}) },
    select,
    orderBy: { updatedAt: 'desc' },
  });
  return rows.map(toSaved);
}

function toSaved(row: {
  workspaceId: string;
  platform: string;
  conversationId: string;
  kind: string;
  memberId: string | null;
  reference: unknown;
}): SavedConversation {
  const reference =
    typeof row.reference === 'object' && row.reference !== null && !Array.isArray(row.reference)
      ? (row.reference as Record<string, unknown>)
      : {};
  return { ...row, kind: row.kind === 'personal' ? 'personal' : 'channel', reference };
}
