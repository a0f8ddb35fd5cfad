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

export type Delivery = { target: DeliveryTarget; screens: Screen[] };

/** Keeps every delivery in memory, for tests and previews. */
export class RecordingDeliverer implements Deliverer {
  readonly deliveries: Delivery[] = [];

  async deliver(target: DeliveryTarget, screens: Screen[]): Promise<void> {
    this.deliveries.push({ target, screens });
  }
}

/** Prints each delivery as the shell would show it: the local shell's and the jobs CLI's deliverer. */
export class ConsoleDeliverer implements Deliverer {
  readonly #output: { write(text: string): unknown };

  constructor(output: { write(text: string): unknown } = process.stdout) {
    this.#output = output;
  }

  async deliver(target: DeliveryTarget, screens: Screen[]): Promise<void> {
    const to = [target.memberId ? `member ${target.memberId}` : '', target.teamId ? `team ${target.teamId}` : ''].filter(Boolean).join(', ');
    const heading = `→ ${to || 'workspace'} · workspace ${target.workspaceId}${target.platform ? ` · ${target.platform}` : ''}`;
    this.#output.write(`${heading}\n${screens.map(renderText).join('\n\n')}\n\n`);
  }
}

export type CreateDelivererOptions = { logger: Logger; output?: { write(text: string): unknown } };

/**
 * The deliverer for this configuration. Platform deliverers plug in here, keyed on platformsOf(config),
 * with `db` to look up installations and conversation references; until one exists for a configured
 * platform, messages are printed and a warning says so.
 */
export function createDeliverer(config: Config, _db: Db, options: CreateDelivererOptions): Deliverer {
  const platforms = platformsOf(config);
  if (platforms.slack || platforms.teams) {
    options.logger.warn({ platforms }, 'scheduled messages are printed: no Slack or Teams deliverer is available yet');
  }
  return new ConsoleDeliverer(options.output);
}
