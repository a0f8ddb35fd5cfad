// The real Teams SDK app (Teams AI library v2) driven in-process: each activity goes straight to
// `app.process`, as the SDK's HTTP server hands it over once a token is checked (no HTTP, no auth).
// Replies and in-place updates go to a fake connector; cards sent to other conversations (approval
// requests) are recorded by a notifier.
//
//   const bot = await startInProcessTeams('sqlite');
//   const { card } = await bot.say('pipeline');
import { createTeamsBot, type TeamsBot } from '../../src/adapters/teams/bot.js';
import type { TeamsNotifier } from '../../src/adapters/teams/effects.js';
import { routeEveryActivity } from '../../src/adapters/teams/teams-app.js';
import { createSdkApp } from '../../src/adapters/teams/sdk.js';
import type { AdaptiveCard } from '../../src/views/render/adaptive-card.js';
import { loadConfig } from '../../src/config/env.js';
import { logger } from '../../src/logger.js';
import type { Provider } from '../../src/store/db.js';
import { demoWorkspace, FIXED_NOW, type DemoWorkspace } from './workspace.js';
import {
  TEAMS_USERS,
  TENANT,
  checkedCard,
  installDemoTenant,
  invokeAnswer,
  pressData,
  type InvokeAnswer,
  type PressOptions,
} from './teams-server.js';
import {
  cardOf,
  invokeActivity,
  messageActivity,
  startFakeConnector,
  type Card,
  type FakeConnector,
  type TeamsUser,
  type Where,
} from './fake-teams.js';

export type Notified = { kind: 'send' | 'update'; target: Record<string, string>; card: AdaptiveCard };

/** What the bot sent in one turn: the activities it posted and, for an invoke, its answer as `invokeResponse`. */
export type TurnOutput = Record<string, unknown>[];

export type InProcessTeams = {
  demo: DemoWorkspace;
  connector: FakeConnector;
  /** Every card replaced in place so far (`id`: the message replaced). */
  readonly updates: Record<string, unknown>[];
  notified: Notified[];
  cards: Card[];
  where(overrides?: Partial<Where>): Where;
  /** Runs one activity through the app and returns what it sent in that turn. */
  send(activity: Record<string, unknown>): Promise<TurnOutput>;
  say(text: string, user?: TeamsUser, where?: Partial<Where>): Promise<{ card: Card; replyToId: string; sent: TurnOutput }>;
  press(card: Card, title: string, options: PressOptions): Promise<InvokeAnswer>;
  close(): Promise<void>;
};

export type BotOptions = { tenantId?: string; doublePressWindowMs?: number };

export async function startInProcessTeams(provider: Provider, options: BotOptions = {}): Promise<InProcessTeams> {
  const demo = await demoWorkspace(provider);
  await installDemoTenant(demo);
  const connector = await startFakeConnector();
  const bot = inProcessBot(demo, connector, options);
  return {
    ...bot,
    get updates() {
      return bot.updates;
    },
    async close() {
      await connector.close();
      await demo.cleanup();
    },
  };
}

/**
 * A bot run by the real SDK app in-process, its answers going to `connector`: `send` returns what one
 * activity made it post (and its invoke answer).
 */
export function driveInProcess(bot: TeamsBot, connector: FakeConnector): (activity: Record<string, unknown>) => Promise<TurnOutput> {
  const app = createSdkApp(loadConfig({ TEAMS_DEV_ANONYMOUS: 'true' }), logger);
  routeEveryActivity(app, bot);
  return async (activity) => {
    const since = connector.mark();
    const serviceUrl = typeof activity.serviceUrl === 'string' ? activity.serviceUrl : connector.url;
    const token = { appId: '', from: 'azure' as const, fromId: '', serviceUrl, isExpired: () => false };
    const response = await app.process({ token, body: activity });
    // This turn's replies only: another turn may run at the same time.
    const posted = connector.calls.slice(since).filter((call) => call.kind === 'reply' && call.activityId === activity.id);
    const sent: TurnOutput = posted.map((call) => ({ ...call.body, id: call.id }));
    return activity.type === 'invoke' ? [...sent, { type: 'invokeResponse', value: response }] : sent;
  };
}

/** Another bot (other options) on a workspace already installed for TENANT; closing it leaves the database and connector. */
export function inProcessBot(demo: DemoWorkspace, connector: FakeConnector, options: BotOptions = {}): InProcessTeams {
  const notified: Notified[] = [];
  let posted = 0;
  const notifier: TeamsNotifier = {
    send: (target, card) => {
      notified.push({ kind: 'send', target: target, card });
      return Promise.resolve({
        conversationId: `a:notified-${'memberId' in target ? target.memberId : target.conversationId}`,
        activityId: `notified-${++posted}`,
      });
    },
    update: (target, card) => {
      notified.push({ kind: 'update', target, card });
      return Promise.resolve(true);
    },
  };
  const bot = createTeamsBot({
    db: demo.db,
    clock: () => FIXED_NOW,
    logger,
    doublePressWindowMs: options.doublePressWindowMs ?? 5000,
    notifier,
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  });
  const send = driveInProcess(bot, connector);
  const cards: Card[] = [];
  const where = (overrides: Partial<Where> = {}): Where => ({ serviceUrl: connector.url, tenantId: TENANT, ...overrides });
  return {
    demo,
    connector,
    get updates() {
      return connector.calls.filter((call) => call.kind === 'update').map((call) => ({ ...call.body, id: call.activityId }));
    },
    notified,
    cards,
    where,
    send,
    async say(text, user = TEAMS_USERS.alice, overrides = {}) {
      const sent = await send(messageActivity(where(overrides), user, text));
      // The answer is the message with a card (a turn may also send a plain message, such as a file offer's).
      const reply = sent.find((a) => a.type === 'message' && cardOf(a) !== undefined);
      if (typeof reply?.id !== 'string') throw new Error(`no card in the reply to "${text}": ${JSON.stringify(sent).slice(0, 2000)}`);
      return { card: checkedCard(cards, cardOf(reply)), replyToId: reply.id, sent };
    },
    async press(card, title, options) {
      const user = options.user ?? TEAMS_USERS.alice;
      const sent = await send(
        invokeActivity(
          where({ ...options.where, ...(options.id ? { id: options.id } : {}) }),
          user,
          pressData(card, title, options),
          options.replyToId,
        ),
      );
      const response = sent.find((a) => a.type === 'invokeResponse');
      const value = response?.value as { status: number; body?: Record<string, unknown> } | undefined;
      if (!value) throw new Error(`no invoke response to "${title}"`);
      return invokeAnswer(cards, value.status, value.body ?? {});
    },
    close: () => Promise.resolve(),
  };
}
