import type { Config } from '../config/env.js';
import type { webApi } from '@slack/bolt';

type WebClientOptions = webApi.WebClientOptions;
import { platformsOf } from '../config/env.js';
import type { Db } from '../store/db.js';
import type { Logger } from '../logger.js';
import { createHttpServer } from './http.js';
import { createSlackApp, type SlackRuntime } from '../adapters/slack/slack-app.js';
import { createPrismaInstallationStore } from '../adapters/slack/installation-store.js';
import { createTeamsApp, type TeamsRuntime } from '../adapters/teams/teams-app.js';
import { createSecretBox, parseSecretKeys } from '../store/secret-box.js';

export type RunningServer = { port: number; slack?: SlackRuntime; teams?: TeamsRuntime; close(): Promise<void> };

/** Starts the HTTP server and the chat adapters the configuration turns on. */
export async function runServer(options: { config: Config; db: Db; logger: Logger; port?: number; clock?: () => Date; slackClientOptions?: WebClientOptions }): Promise<RunningServer> {
  const { config, db, logger } = options;
  const platforms = platformsOf(config);
  const http = createHttpServer({ db, logger });
  let slack: SlackRuntime | undefined;
  if (platforms.slack) {
    const installationStore =
      config.SLACK_CLIENT_ID && config.DEALDESK_SECRET_KEY ? createPrismaInstallationStore(db, createSecretBox(parseSecretKeys(config.DEALDESK_SECRET_KEY))) : undefined;
    slack = createSlackApp({ config, db, logger, http: http.app, ...(installationStore ? { installationStore } : {}), ...(options.clock ? { clock: options.clock } : {}), ...(options.slackClientOptions ? { clientOptions: options.slackClientOptions } : {}) });
  }
  const teams = platforms.teams ? createTeamsApp({ config, db, logger, http: http.app, ...(options.clock ? { clock: options.clock } : {}) }) : undefined;
  const port = await http.listen(options.port ?? config.PORT);
  await slack?.start();
  logger.info({ port, slack: slack?.mode ?? 'off', teams: teams?.mode ?? 'off' }, 'DealDesk is listening');
  return {
    port,
    ...(slack ? { slack } : {}),
    ...(teams ? { teams } : {}),
    async close() {
      await slack?.stop();
      await http.close();
    },
  };
}
