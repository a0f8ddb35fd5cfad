/**
 * Scheduled messages (digests, nudges, approval reminders) to Slack: a member's DM or a team's digest
 * channel, one message per screen so each stays inside Slack's limits. The Web API client retries
 * rate-limited and failing calls itself; what still fails is reported as retryable or not, for the
 * scheduler to try again on a later tick.
 */
import { webApi, type App, type InstallationStore } from '@slack/bolt';
import type { Db } from '../../store/db.js';
import { externalUserIds } from '../../store/members.js';
import { recordCardMessage } from '../../store/discounts.js';
import { normalizeLocale } from '../../i18n/locale.js';
import { DeliveryError, isRetryableError, type Deliverer, type DeliveryTarget } from '../../jobs/job.js';
import type { Screen } from '../../views/screen.js';
import { slackMessage } from './render.js';
import { SLACK } from './context.js';

type WebClient = webApi.WebClient;

export type SlackDelivererOptions = {
  db: Db;
  app: App;
  /** OAuth mode: each workspace's own bot token comes from here. */
  installationStore?: InstallationStore;
  clientOptions?: webApi.WebClientOptions;
};

const PERMANENT = new Set(['channel_not_found', 'not_in_channel', 'is_archived', 'user_not_found', 'account_inactive', 'invalid_auth', 'token_revoked', 'missing_scope']);

export function createSlackDeliverer(options: SlackDelivererOptions): Deliverer {
  const clients = new Map<string, WebClient>();
  async function clientFor(teamId: string): Promise<WebClient> {
    if (!options.installationStore) return options.app.client;
    const cached = clients.get(teamId);
    if (cached) return cached;
    const installation = await options.installationStore.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
    const client = new webApi.WebClient(installation.bot?.token, options.clientOptions);
    clients.set(teamId, client);
    return client;
  }

  return {
    async deliver(target: DeliveryTarget, screens: Screen[]): Promise<void> {
      const installation = await options.db.chatInstallation.findFirst({ where: { workspaceId: target.workspaceId, platform: SLACK }, select: { externalTenantId: true } });
      if (!installation) throw new DeliveryError(`workspace ${target.workspaceId} is not installed in Slack`, { retryable: false });
      const channel = await channelFor(options.db, target);
      if (!channel) throw new DeliveryError('no Slack user or channel to deliver to', { retryable: false });
      const workspace = await options.db.workspace.findUniqueOrThrow({ where: { id: target.workspaceId }, select: { locale: true } });
      const member = target.memberId ? await options.db.member.findUnique({ where: { id: target.memberId }, select: { locale: true } }) : null;
      const locale = normalizeLocale(member?.locale) ?? normalizeLocale(workspace.locale) ?? 'en';
      const client = await clientFor(installation.externalTenantId);
      for (const screen of screens) {
        const message = slackMessage(screen, locale);
        try {
          const posted = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false });
          if (screen.subject?.type === 'approval' && posted.channel && posted.ts) {
            await recordCardMessage(options.db, { workspaceId: target.workspaceId, platform: SLACK, kind: 'approval', subjectId: screen.subject.id, channelId: posted.channel, messageId: posted.ts });
          }
        } catch (error) {
          const code = (error as { data?: { error?: string } }).data?.error;
          throw new DeliveryError(`Slack refused the message: ${code ?? String(error)}`, { retryable: code ? !PERMANENT.has(code) && isRetryableError(error) : isRetryableError(error), cause: error });
        }
      }
    },
  };
}

/** A member's DM (their Slack user id), or a team's digest channel (`slack:C123`). */
async function channelFor(db: Db, target: DeliveryTarget): Promise<string | undefined> {
  if (target.memberId) return (await externalUserIds(db, target.workspaceId, SLACK, [target.memberId])).get(target.memberId);
  if (target.teamId) {
    const team = await db.team.findUnique({ where: { id: target.teamId }, select: { digestTarget: true } });
    const match = /^slack:(.+)$/.exec(team?.digestTarget ?? '');
    return match?.[1];
  }
  return undefined;
}
