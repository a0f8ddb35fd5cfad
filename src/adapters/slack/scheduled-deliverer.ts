/**
 * The Slack deliverer of scheduled work as the configuration asks for it: the bot token's client, or
 * each workspace's OAuth token from the installation store, with the scheduled-work timeout and retry
 * budget. Its own module, loaded only when Slack is configured (#14: a Teams-only process never loads Bolt).
 */
import { webApi, type InstallationStore } from '@slack/bolt';
import type { Config } from '../../config/env.js';
import type { Db } from '../../store/db.js';
import type { Deliverer } from '../../jobs/job.js';
import { createSecretBox, secretKeysOf } from '../../store/secret-box.js';
import { createSlackDeliverer, SCHEDULED_SLACK_CLIENT_OPTIONS } from './deliverer.js';
import { createPrismaInstallationStore } from './installation-store.js';

export function scheduledSlackDeliverer(
  config: Config,
  db: Db,
  options: { installationStore?: InstallationStore; slackClientOptions?: webApi.WebClientOptions },
): Deliverer {
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
  return createSlackDeliverer({
    db,
    clientOptions,
    ...(installationStore ? { installationStore } : {}),
    ...(config.SLACK_BOT_TOKEN ? { client: new webApi.WebClient(config.SLACK_BOT_TOKEN, clientOptions) } : {}),
  });
}
