/**
 * Scheduled messages (digests, nudges, approval reminders) to Slack: a member's DM or a team's digest
 * channel, one message per screen so each stays inside Slack's limits, each reported to the runner once
 * Slack accepted it. Every call has a timeout and at most two quick retries (SCHEDULED_SLACK_CLIENT_OPTIONS),
 * so one unanswered call cannot stall the scheduler or outlast the slot's lease; what still fails is
 * reported as retryable or not, for the scheduler to try again on a later tick.
 */
import { webApi, type InstallationStore } from '@slack/bolt';
import type { Db } from '../../store/db.js';
import { externalUserIds, recipientLocale } from '../../store/members.js';
import { teamDigestTarget } from '../../store/teams.js';
import { installationOf } from '../../store/workspaces.js';
import { recordCardMessage } from '../../store/discounts.js';
import { DeliveryError, isRetryableError, type Deliverer, type DeliveryProgress, type DeliveryTarget } from '../../jobs/job.js';
import type { Screen } from '../../views/screen.js';
import { slackAnswer } from './chart-uploads.js';
import { logger } from '../../logger.js';
import { SLACK } from './context.js';

type WebClient = webApi.WebClient;

export type SlackDelivererOptions = {
  db: Db;
  /** Single-workspace mode: the client with the bot token (Bolt's app.client, or one made from SLACK_BOT_TOKEN). */
  client?: WebClient;
  /** OAuth mode: each workspace's own bot token comes from here. */
  installationStore?: InstallationStore;
  clientOptions?: webApi.WebClientOptions;
};

/**
 * Web API client options for scheduled work: each call times out after 10 s and is retried at most twice,
 * 0.5 s then 1 s later, so its worst case (about 32 s) is well inside the one-minute lease. The client's
 * default (ten retries over about 30 minutes) could outlast the lease, and another replica would send
 * again. A rate limit is not waited out here: it fails the slot as retryable, for a later tick.
 */
export const SCHEDULED_SLACK_CLIENT_OPTIONS = {
  timeout: 10_000,
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 1_000, randomize: false },
  rejectRateLimitedCalls: true,
} as const satisfies webApi.WebClientOptions;

/** Slack says so, or the call never got an answer: trying again later may work. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

function retryable(error: unknown): boolean {
  const fields = error as { code?: string; data?: { error?: string }; statusCode?: number };
  if (fields.code === 'slack_webapi_rate_limited_error' || fields.code === 'slack_webapi_request_error') return true;
  if (fields.code === 'slack_webapi_http_error') return (fields.statusCode ?? 500) >= 500 || fields.statusCode === 429;
  if (fields.code === 'slack_webapi_platform_error') return TRANSIENT_PLATFORM_ERRORS.has(fields.data?.error ?? '');
  return isRetryableError(error);
}

function describe(error: unknown): string {
  const fields = error as { code?: string; data?: { error?: string }; message?: string };
  return fields.data?.error ?? fields.code ?? fields.message ?? String(error);
}

export function createSlackDeliverer(options: SlackDelivererOptions): Deliverer {
  const clients = new Map<string, WebClient>();
  async function clientFor(teamId: string): Promise<WebClient> {
    if (!options.installationStore) {
      if (!options.client) throw new DeliveryError('no Slack bot token is configured', { retryable: false });
      return options.client;
    }
    const cached = clients.get(teamId);
    if (cached) return cached;
    const installation = await options.installationStore.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    const client = new webApi.WebClient(installation.bot?.token, { ...SCHEDULED_SLACK_CLIENT_OPTIONS, ...options.clientOptions });
    clients.set(teamId, client);
    return client;
  }

  return {
    async deliver(target: DeliveryTarget, screens: Screen[], progress?: DeliveryProgress): Promise<void> {
      const installation = await installationOf(options.db, target.workspaceId, [SLACK]);
      if (!installation) throw new DeliveryError(`workspace ${target.workspaceId} is not installed in Slack`, { retryable: false });
      const channel = await channelFor(options.db, target);
      if (!channel) throw new DeliveryError('no Slack user or channel to deliver to', { retryable: false });
      const locale = await recipientLocale(options.db, target.workspaceId, target.memberId);
      const client = await clientFor(installation.externalTenantId);
      for (const screen of screens) {
        const message = await slackAnswer(client, screen, locale, logger);
        try {
          const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
          if (screen.subject?.type === 'approval' && posted.channel && posted.ts) {
            await recordCardMessage(options.db, {
              workspaceId: target.workspaceId,
              platform: SLACK,
              kind: 'approval',
              subjectId: screen.subject.id,
              channelId: posted.channel,
              messageId: posted.ts,
            });
          }
        } catch (error) {
          throw new DeliveryError(`Slack refused the message: ${describe(error)}`, { retryable: retryable(error), cause: error });
        }
        await progress?.sent();
      }
    },
  };
}

/** A member's DM (their Slack user id), or a team's digest channel (`slack:C123`). */
async function channelFor(db: Db, target: DeliveryTarget): Promise<string | undefined> {
  if (target.memberId) return (await externalUserIds(db, target.workspaceId, SLACK, [target.memberId])).get(target.memberId);
  if (target.teamId) {
    const match = /^slack:(.+)$/.exec((await teamDigestTarget(db, target.workspaceId, target.teamId)) ?? '');
    return match?.[1];
  }
  return undefined;
}
