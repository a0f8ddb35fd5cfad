// The real teams-ai application driven in-process by botbuilder's TestAdapter: no HTTP, no connector.
// Replies, invoke responses and in-place updates are read from the adapter; cards sent to other
// conversations (approval requests) are recorded by a notifier.
//
//   const bot = await startInProcessTeams('sqlite');
//   const { card } = await bot.say('pipeline');
import { TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { createTeamsBot } from '../../src/adapters/teams/bot.js';
import type { TeamsNotifier } from '../../src/adapters/teams/effects.js';
import type { AdaptiveCard } from '../../src/views/render/adaptive-card.js';
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
import { cardOf, invokeActivity, messageActivity, type Card, type TeamsUser, type Where } from './fake-teams.js';

/** TestAdapter keeps replies in a queue; in-place updates are recorded as well. */
class RecordingAdapter extends TestAdapter {
  readonly updates: Partial<Activity>[] = [];
  override async updateActivity(context: TurnContext, activity: Partial<Activity>) {
    this.updates.push(activity);
    return super.updateActivity(context, activity);
  }
}

export type Notified = { kind: 'send' | 'update'; target: Record<string, string>; card: AdaptiveCard };

export type InProcessTeams = {
  demo: DemoWorkspace;
  adapter: RecordingAdapter;
  notified: Notified[];
  cards: Card[];
  where(overrides?: Partial<Where>): Where;
  /** Runs one activity through the bot and returns what it sent in that turn. */
  send(activity: Record<string, unknown>): Promise<Partial<Activity>[]>;
  say(text: string, user?: TeamsUser, where?: Partial<Where>): Promise<{ card: Card; replyToId: string; sent: Partial<Activity>[] }>;
  press(card: Card, title: string, options: PressOptions): Promise<InvokeAnswer>;
  close(): Promise<void>;
};

export type BotOptions = { tenantId?: string; doublePressWindowMs?: number };

export async function startInProcessTeams(provider: Provider, options: BotOptions = {}): Promise<InProcessTeams> {
  const demo = await demoWorkspace(provider);
  await installDemoTenant(demo);
  return inProcessBot(demo, options);
}

/** Another bot (other options) on a workspace already installed for TENANT; closing it leaves the database. */
export function inProcessBot(demo: DemoWorkspace, options: BotOptions = {}): InProcessTeams {
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
  const app = createTeamsBot({
    db: demo.db,
    clock: () => FIXED_NOW,
    logger,
    doublePressWindowMs: options.doublePressWindowMs ?? 5000,
    notifier,
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  });
  const adapter = new RecordingAdapter(async (context) => {
    await app.run(context);
  });
  const cards: Card[] = [];
  const where = (overrides: Partial<Where> = {}): Where => ({
    serviceUrl: 'https://smba.example.test/amer/',
    tenantId: TENANT,
    ...overrides,
  });
  const send = async (activity: Record<string, unknown>) => {
    const before = adapter.activeQueue.length;
    await adapter.processActivity(activity);
    return adapter.activeQueue.splice(before);
  };
  return {
    demo,
    adapter,
    notified,
    cards,
    where,
    send,
    async say(text, user = TEAMS_USERS.alice, overrides = {}) {
      const sent = await send(messageActivity(where(overrides), user, text));
      const reply = sent.find((a) => a.type === 'message');
      if (!reply?.id) throw new Error(`no reply to "${text}"`);
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
      const value = response?.value as { status: number; body: Record<string, unknown> } | undefined;
      if (!value) throw new Error(`no invoke response to "${title}"`);
      return invokeAnswer(cards, value.status, value.body);
    },
    close: () => demo.cleanup(),
  };
}
