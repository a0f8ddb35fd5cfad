import type { InstallationStore, webApi } from '@slack/bolt';
import type { Config } from '../config/env.js';
import { platformsOf } from '../config/env.js';
import type { Db } from '../store/db.js';
import type { Deliverer } from '../jobs/job.js';

/**
 * The platform deliverers this configuration can use for scheduled messages: Slack with the bot
 * token (or each workspace's OAuth token), Teams through stored conversation references. Used by
 * the server's scheduler and by the jobs CLI, which needs no running adapter to send. Their clients
 * are their own, with the scheduled-work timeout and retry budget (tests may override them).
 * Each platform's module is loaded with its first delivery, so a process never loads the SDK of a
 * platform it does not serve (#14).
 */
export function platformDeliverers(
  config: Config,
  db: Db,
  options: { installationStore?: InstallationStore; slackClientOptions?: webApi.WebClientOptions; teamsSendTimeoutMs?: number } = {},
): Partial<Record<'slack' | 'teams', Deliverer>> {
  const platforms = platformsOf(config);
  const result: Partial<Record<'slack' | 'teams', Deliverer>> = {};
  if (platforms.slack) {
    result.slack = loadedOnFirstDelivery(() =>
      import('../adapters/slack/scheduled-deliverer.js').then(({ scheduledSlackDeliverer }) =>
        scheduledSlackDeliverer(config, db, {
          ...(options.installationStore ? { installationStore: options.installationStore } : {}),
          ...(options.slackClientOptions ? { slackClientOptions: options.slackClientOptions } : {}),
        }),
      ),
    );
  }
  if (platforms.teams) {
    result.teams = loadedOnFirstDelivery(() =>
      import('../adapters/teams/deliverer.js').then(({ createTeamsDeliverer, createTeamsSender }) =>
        createTeamsDeliverer({
          db,
          sender: createTeamsSender(config),
          ...(options.teamsSendTimeoutMs === undefined ? {} : { sendTimeoutMs: options.teamsSendTimeoutMs }),
        }),
      ),
    );
  }
  return result;
}

function loadedOnFirstDelivery(load: () => Promise<Deliverer>): Deliverer {
  let loaded: Promise<Deliverer> | undefined;
  return {
    async deliver(target, screens, progress) {
      loaded ??= load();
      return (await loaded).deliver(target, screens, progress);
    },
  };
}
