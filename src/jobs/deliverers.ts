/**
 * Where scheduled messages go. The platform adapters provide a Deliverer each (Slack: chat.postMessage
 * to the member's DM or the team's channel; Teams: a proactive message to the stored conversation
 * reference); `createDeliverer` is the one place that picks them from the configuration.
 */
import { platformsOf, type Config } from '../config/env.js';
import type { Db } from '../store/db.js';
import type { Logger } from '../logger.js';
import { renderText } from '../views/render/text.js';
import type { Screen } from '../views/screen.js';
import type { Deliverer, DeliveryTarget } from './job.js';
import { installationOf } from '../store/workspaces.js';

export type Delivery = { target: DeliveryTarget; screens: Screen[] };

/** Keeps every delivery in memory, for tests and previews. */
export class RecordingDeliverer implements Deliverer {
  readonly deliveries: Delivery[] = [];

  deliver(target: DeliveryTarget, screens: Screen[]): Promise<void> {
    this.deliveries.push({ target, screens });
    return Promise.resolve();
  }
}

/** Prints each delivery as the shell would show it: the local shell's and the jobs CLI's deliverer. */
export class ConsoleDeliverer implements Deliverer {
  readonly #output: { write(text: string): unknown };

  constructor(output: { write(text: string): unknown } = process.stdout) {
    this.#output = output;
  }

  deliver(target: DeliveryTarget, screens: Screen[]): Promise<void> {
    const to = [target.memberId ? `member ${target.memberId}` : '', target.teamId ? `team ${target.teamId}` : '']
      .filter(Boolean)
      .join(', ');
    const heading = `→ ${to || 'workspace'} · workspace ${target.workspaceId}${target.platform ? ` · ${target.platform}` : ''}`;
    this.#output.write(`${heading}\n${screens.map(renderText).join('\n\n')}\n\n`);
    return Promise.resolve();
  }
}

export type CreateDelivererOptions = {
  logger: Logger;
  output?: { write(text: string): unknown };
  /** The running platform adapters' deliverers, keyed by the platform a workspace is installed on. */
  platforms?: Partial<Record<'slack' | 'teams', Deliverer>>;
};

/**
 * The deliverer for this process: each workspace's messages go to the platform it is installed on
 * (Slack or Teams); workspaces of the local shell, or of a platform this process does not serve,
 * are printed. The jobs CLI without chat credentials therefore previews what would be sent.
 */
export function createDeliverer(config: Config, db: Db, options: CreateDelivererOptions): Deliverer {
  const console = new ConsoleDeliverer(options.output);
  const configured = platformsOf(config);
  const available = options.platforms ?? {};
  if ((configured.slack && !available.slack) || (configured.teams && !available.teams)) {
    options.logger.warn(
      { configured, available: Object.keys(available) },
      'scheduled messages for a configured platform are printed: its adapter is not running in this process',
    );
  }
  const platformOf = new Map<string, string | null>();
  return {
    async deliver(target, screens, progress) {
      if (!platformOf.has(target.workspaceId)) {
        const installation = await installationOf(db, target.workspaceId, ['slack', 'teams']);
        platformOf.set(target.workspaceId, installation?.platform ?? null);
      }
      const platform = platformOf.get(target.workspaceId);
      const deliverer = platform === 'slack' ? available.slack : platform === 'teams' ? available.teams : undefined;
      await (deliverer ?? console).deliver(target, screens, progress);
    },
  };
}
