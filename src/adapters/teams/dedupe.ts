import { createHash } from 'node:crypto';
import type { Db } from '../../store/db.js';
import { claimRequest, releaseRequest } from '../../store/processed-requests.js';
import { releaseAbandonedClaim, releaseRequestClaimedBefore, requestResult, saveRequestResult } from '../../store/request-results.js';
import type { AdaptiveCard } from '../../views/render/adaptive-card.js';

/** What an `adaptiveCard/action` invoke answered: a card (replacing the one pressed) or a short message. */
export type CardReply = { card: AdaptiveCard } | { message: string };

/**
 * Exactly-once card actions. Two keys guard each press: the activity (Teams redelivers an activity
 * with the same id when our answer is slow) and the press itself (same person, same card, same button
 * and inputs within a few seconds: a double click arrives as two activities). The first holder runs
 * the command and stores its reply on both keys; a duplicate waits for that reply and answers with
 * it, so the card ends up the same whichever answer Teams shows last.
 */
export type ActionClaim = { first: true; keys: string[] } | { first: false; reply: CardReply | undefined };

export function activityKey(conversationId: string, activityId: string): string {
  return `teams:activity:${conversationId}:${activityId}`;
}

export function pressKey(parts: {
  tenantId: string;
  conversationId: string;
  cardId: string;
  userId: string;
  verb: string;
  data: unknown;
}): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([parts.verb, parts.data]))
    .digest('base64url')
    .slice(0, 22);
  return `teams:press:${parts.tenantId}:${parts.conversationId}:${parts.cardId}:${parts.userId}:${digest}`;
}

/** Like claimRequest, but a claim older than `windowMs` is given up: pressing the same button later is a new press. */
export async function claimPress(db: Db, key: string, windowMs: number, workspaceId?: string): Promise<boolean> {
  if (await claimRequest(db, key, workspaceId)) return true;
  const released = await releaseRequestClaimedBefore(db, key, new Date(Date.now() - windowMs));
  return released && claimRequest(db, key, workspaceId);
}

export async function claimAction(
  db: Db,
  keys: { activity: string; press?: string },
  options: { windowMs: number; waitMs: number; workspaceId?: string },
): Promise<ActionClaim> {
  if (!(await claimRequest(db, keys.activity, options.workspaceId)) && !(await takeAbandoned(db, keys.activity, options.workspaceId)))
    return { first: false, reply: await awaitReply(db, keys.activity, options.waitMs) };
  if (keys.press && !(await claimPress(db, keys.press, options.windowMs, options.workspaceId))) {
    const reply = await awaitReply(db, keys.press, options.waitMs);
    if (reply) await saveReply(db, [keys.activity], reply);
    return { first: false, reply };
  }
  return { first: true, keys: keys.press ? [keys.activity, keys.press] : [keys.activity] };
}

/**
 * A claim with no reply this long after it was made belongs to a process that died mid-turn (its work,
 * in one transaction with the reply, was rolled back; Teams waits 15 s for an invoke's answer).
 */
const ABANDONED_CLAIM_MS = 30_000;

/** Teams redelivered an activity whose first process died: this delivery takes the claim over. */
async function takeAbandoned(db: Db, key: string, workspaceId?: string): Promise<boolean> {
  return (await releaseAbandonedClaim(db, key, new Date(Date.now() - ABANDONED_CLAIM_MS))) && claimRequest(db, key, workspaceId);
}

export async function saveReply(db: Db, keys: readonly string[], reply: CardReply): Promise<void> {
  await saveRequestResult(db, keys, reply);
}

/** Gives the press back (a refused form may be fixed and sent again); the activity stays answered. */
export async function releasePress(db: Db, key: string | undefined): Promise<void> {
  if (key) await releaseRequest(db, key);
}

async function awaitReply(db: Db, key: string, waitMs: number): Promise<CardReply | undefined> {
  const until = Date.now() + waitMs;
  for (;;) {
    const row = await requestResult(db, key);
    const reply = asReply(row.result);
    if (reply || !row.claimed || Date.now() >= until) return reply;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function asReply(value: unknown): CardReply | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if ('card' in value && typeof value.card === 'object' && value.card !== null) return { card: value.card as AdaptiveCard };
  if ('message' in value && typeof value.message === 'string') return { message: value.message };
  return undefined;
}
