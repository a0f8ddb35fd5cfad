import { webApi, type InstallationStore } from '@slack/bolt';
import type { Config } from '../config/env.js';
import { platformsOf } from '../config/env.js';
import type { Db } from '../store/db.js';
import type { Deliverer } from '../jobs/job.js';
import { createSlackDeliverer, SCHEDULED_SLACK_CLIENT_OPTIONS } from '../adapters/slack/deliverer.js';
import { createPrismaInstallationStore } from '../adapters/slack/installation-store.js';
import { createSecretBox, secretKeysOf } from '../store/secret-box.js';

/**
 * The platform deliverers this configuration can use for scheduled messages: Slack with the bot
 * token (or each workspace's OAuth token), Teams through stored conversation references. Used by
 * the server's scheduler and by the jobs CLI, which needs no running adapter to send. Their clients
 * are their own, with the scheduled-work timeout and retry budget (tests may override them).
 */
export function platformDeliverers(
  config: Config,
  db: Db,
  options: { installationStore?: InstallationStore; slackClientOptions?: webApi.WebClientOptions; teamsSendTimeoutMs?: number } = {},
): Partial<Record<'slack' | 'teams', Deliverer>> {
  const platforms = platformsOf(config);
  const result: Partial<Record<'slack' | 'teams', Deliverer>> = {};
  if (platforms.slack) {
    const clientOptions: webApi.WebClientOptions = {
      ...SCHEDULED_SLACK_CLIENT_OPTIONS,
      ...options.slackClientOptions,
      ...(config.SLACK_API_URL
        ? { slackApiUrl: config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/` }
        : {}),
    };
    const installationStore =
      options.installationStore ??
      (config.SLACK_CLIENT_ID && config.DEALDESK_SECRET_KEY
        ? createPrismaInstallationStore(db, createSecretBox(secretKeysOf(config)))
        : undefined);
    result.slack = createSlackDeliverer({
      db,
      clientOptions,
      ...(installationStore ? { installationStore } : {}),
      ...(config.SLACK_BOT_TOKEN ? { client: new webApi.WebClient(config.SLACK_BOT_TOKEN, clientOptions) } : {}),
    });
  }
  if (platforms.teams) {
    // The Teams SDK is loaded with the first Teams delivery, so a process without Teams never loads it (#14).
    let teams: Promise<Deliverer> | undefined;
    result.teams = {
      async deliver(target, screens, progress) {
        teams ??= import('../adapters/teams/deliverer.js').then(({ createTeamsDeliverer, createTeamsSender }) =>
          createTeamsDeliverer({
            db,
            sender: createTeamsSender(config),
            ...(options.teamsSendTimeoutMs === undefined ? {} : { sendTimeoutMs: options.teamsSendTimeoutMs }),
          }),
        );
        return (await teams).deliver(target, screens, progress);
      },
    };
  }
  return result;
}
