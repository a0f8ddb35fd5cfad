/**
 * Scheduled messages (digests, nudges, approval reminders) to Teams: a member's personal chat, or a
 * team's digest conversation (`teams:<conversation id>`, e.g. a channel), through the conversation
 * reference stored when DealDesk was installed there or last heard from it. One card per screen, each
 * reported to the runner once Teams accepted it. Each send, with whatever retries the Bot Framework
 * connector makes, is given up after TEAMS_SEND_TIMEOUT_MS as retryable, so an unanswered connector
 * cannot stall the scheduler or outlast the slot's one-minute lease.
 */
import type { Config } from '../../config/env.js';
import { logger as processLogger, type Logger } from '../../logger.js';
import type { Db } from '../../store/db.js';
import { recordCardMessage } from '../../store/discounts.js';
import { recipientLocale } from '../../store/members.js';
import { teamDigestTarget } from '../../store/teams.js';
import { DeliveryError, isRetryableError, type Deliverer, type DeliveryProgress, type DeliveryTarget } from '../../jobs/job.js';
import type { Screen } from '../../views/screen.js';
import { TEAMS } from './context.js';
import { teamsCard } from './render.js';
import { sendProactive, type ProactiveSender, type ProactiveTarget } from './proactive.js';
import { createSdkApp, type TeamsSdkOptions } from './sdk.js';

/**
 * A sender for proactive messages only (the scheduler, the jobs CLI): the Teams SDK app of this
 * configuration, whose API client gets the connector's token with the app id (none when anonymous).
 * Its messaging route is never mounted.
 */
export function createTeamsSender(config: Config, logger: Logger = processLogger, sdk: TeamsSdkOptions = {}): ProactiveSender {
  return { api: createSdkApp(config, logger, sdk).api };
}

/** How long one proactive send may take, retries included: well inside the one-minute lease. */
const TEAMS_SEND_TIMEOUT_MS = 20_000;

export function createTeamsDeliverer(options: { db: Db; sender: ProactiveSender; sendTimeoutMs?: number }): Deliverer {
  const timeoutMs = options.sendTimeoutMs ?? TEAMS_SEND_TIMEOUT_MS;
  return {
    async deliver(target: DeliveryTarget, screens: Screen[], progress?: DeliveryProgress): Promise<void> {
      const to = await conversationFor(options.db, target);
      if (!to) throw new DeliveryError('no Teams member or conversation to deliver to', { retryable: false });
      const locale = await recipientLocale(options.db, target.workspaceId, target.memberId);
      for (const screen of screens) {
        let sent;
        try {
          sent = await withTimeout(sendProactive(options.sender, options.db, to, teamsCard(screen, locale)), timeoutMs);
        } catch (error) {
          throw new DeliveryError(`Teams refused the message: ${error instanceof Error ? error.message : String(error)}`, {
            retryable: isRetryableError(error),
            cause: error,
          });
        }
        // Teams allows no cold messages: without a stored conversation there is nowhere to send.
        if (!sent)
          throw new DeliveryError('DealDesk has no conversation with this member or team in Teams yet (install the app for them)', {
            retryable: false,
          });
        if (screen.subject?.type === 'approval' && sent.activityId) {
          await recordCardMessage(options.db, {
            workspaceId: target.workspaceId,
            platform: TEAMS,
            kind: 'approval',
            subjectId: screen.subject.id,
            channelId: sent.conversationId,
            messageId: sent.activityId,
          });
        }
        await progress?.sent();
      }
    },
  };
}

/** The send, or a retryable failure once `ms` have passed without an answer (the request is abandoned). */
async function withTimeout<T>(send: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(Object.assign(new Error(`no answer from Teams within ${ms} ms`), { code: 'ETIMEDOUT' }));
    }, ms);
  });
  try {
    return await Promise.race([send, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A member's personal chat, or a team's digest conversation (`teams:<conversation id>`). */
async function conversationFor(db: Db, target: DeliveryTarget): Promise<ProactiveTarget | undefined> {
  if (target.memberId) return { workspaceId: target.workspaceId, memberId: target.memberId };
  if (target.teamId) {
    const match = /^teams:(.+)$/.exec((await teamDigestTarget(db, target.workspaceId, target.teamId)) ?? '');
    if (match?.[1]) return { workspaceId: target.workspaceId, conversationId: match[1] };
  }
  return undefined;
}
