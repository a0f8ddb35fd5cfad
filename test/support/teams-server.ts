// DealDesk's real HTTP server with the real Teams SDK app (anonymous development mode), a fake
// Bot Framework connector receiving the replies, on a seeded demo workspace installed for the Teams
// tenant TENANT: alice, mike (her manager), wei.zhang (zh-CN) and brian, by their AAD object ids.
//
//   const h = await startTeamsHarness('sqlite');
//   const { card } = await h.say('deal new Acme 50k');
//   const pressed = await h.press(card, 'Won', { replyToId: reply.id });
import { expect } from 'vitest';
import {
  startFakeConnector,
  invokeActivity,
  messageActivity,
  action,
  cardOf,
  type Card,
  type ConnectorCall,
  type FakeConnector,
  type TeamsUser,
  type Where,
} from './fake-teams.js';
import { demoWorkspace, FIXED_NOW, type DemoWorkspace } from './workspace.js';
import { validateCard } from './adaptive-cards.js';
import { loadConfig } from '../../src/config/env.js';
import { runServer, type RunningServer } from '../../src/server/run-server.js';
import { logger } from '../../src/logger.js';
import type { Provider } from '../../src/store/db.js';

export const TENANT = 'tenant-acme';

export const TEAMS_USERS = {
  alice: { aadObjectId: 'aad-alice', id: '29:alice', name: 'Alice Carter', locale: 'en-US', timeZone: 'America/New_York' },
  mike: { aadObjectId: 'aad-mike', id: '29:mike', name: 'Mike Johnson', locale: 'en-US', timeZone: 'America/New_York' },
  'wei.zhang': { aadObjectId: 'aad-wei', id: '29:wei', name: '张伟', locale: 'zh-CN', timeZone: 'Asia/Shanghai' },
  brian: { aadObjectId: 'aad-brian', id: '29:brian', name: 'Brian Lee', locale: 'en-US', timeZone: 'America/Chicago' },
} as const satisfies Record<string, TeamsUser>;

export type PressOptions = {
  user?: TeamsUser;
  /** The message the card is on (the connector id of the reply that carried it). */
  replyToId: string;
  /** Text typed into the button's own box (Log note, Lost). */
  input?: string;
  /** Form field values, as Teams merges them into the action's data. */
  values?: Record<string, string>;
  where?: Partial<Where>;
  id?: string;
};

export type InvokeAnswer = { status: number; card?: Card; message?: string; body: Record<string, unknown> };

export type TeamsHarness = {
  demo: DemoWorkspace;
  connector: FakeConnector;
  server: RunningServer;
  baseUrl: string;
  where(overrides?: Partial<Where>): Where;
  post(activity: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Sends a message and returns the bot's reply (which carries a card). */
  say(
    text: string,
    user?: TeamsUser,
    where?: Partial<Where>,
  ): Promise<{ status: number; reply: ConnectorCall; card: Card; replyToId: string }>;
  press(card: Card, title: string, options: PressOptions): Promise<InvokeAnswer>;
  /** Every card the bot produced so far, each already checked with validateCard. */
  cards: Card[];
  close(): Promise<void>;
};

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = {};
  }
  return { status: response.status, body: parsed, text };
}

/** Checks a card the way Teams would and remembers it. */
export function checkedCard(cards: Card[], card: Card | undefined): Card {
  expect(card, 'an Adaptive Card').toBeDefined();
  expect(validateCard(card)).toEqual([]);
  cards.push(card!);
  return card!;
}

/** Reads an `adaptiveCard/action` invoke response body. */
export function invokeAnswer(cards: Card[], status: number, body: Record<string, unknown>): InvokeAnswer {
  if (body.type === 'application/vnd.microsoft.card.adaptive') return { status, body, card: checkedCard(cards, body.value as Card) };
  if (body.type === 'application/vnd.microsoft.activity.message') return { status, body, message: String(body.value) };
  return { status, body };
}

export function pressData(
  card: Card,
  title: string,
  options: Pick<PressOptions, 'input' | 'values'>,
): { verb: string; data: Record<string, unknown> } {
  const button = action(card, title);
  const data: Record<string, unknown> = { ...button.data, ...(options.values ?? {}) };
  if (button.inputId && options.input !== undefined) data[button.inputId] = options.input;
  return { verb: button.verb, data };
}

/** Makes the demo workspace the one of Teams tenant TENANT, with TEAMS_USERS as its members. */
export async function installDemoTenant(demo: DemoWorkspace): Promise<void> {
  await demo.db.chatInstallation.create({ data: { workspaceId: demo.workspaceId, platform: 'teams', externalTenantId: TENANT } });
  for (const [handle, user] of Object.entries(TEAMS_USERS)) {
    const member = await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle }, select: { id: true } });
    await demo.db.platformIdentity.create({
      data: {
        workspaceId: demo.workspaceId,
        platform: 'teams',
        externalTenantId: TENANT,
        externalUserId: user.aadObjectId,
        memberId: member.id,
      },
    });
  }
}

export async function startTeamsHarness(provider: Provider, env: Record<string, string> = {}): Promise<TeamsHarness> {
  const demo = await demoWorkspace(provider);
  const connector = await startFakeConnector();
  await installDemoTenant(demo);
  const config = loadConfig({ DATABASE_URL: demo.url, TEAMS_DEV_ANONYMOUS: 'true', ...env });
  const server = await runServer({ scheduler: false, config, db: demo.db, logger, port: 0, clock: () => FIXED_NOW });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  const cards: Card[] = [];
  const where = (overrides: Partial<Where> = {}): Where => ({ serviceUrl: connector.url, tenantId: TENANT, ...overrides });
  const post = async (activity: unknown) => {
    const { status, body } = await postJson(`${baseUrl}/api/messages`, activity);
    return { status, body };
  };
  return {
    demo,
    connector,
    server,
    baseUrl,
    cards,
    where,
    post,
    async say(text, user = TEAMS_USERS.alice, overrides = {}) {
      const activity = messageActivity(where(overrides), user, text);
      const since = connector.mark();
      const { status } = await post(activity);
      // A "typing" activity is no answer (teams-ai 1.7 sent them on slow turns; the v2 SDK sends none unasked): skip any.
      const reply = await connector.waitFor(
        (call) => call.kind === 'reply' && call.activityId === activity.id && call.body['type'] !== 'typing',
        { since },
      );
      return { status, reply, card: checkedCard(cards, cardOf(reply.body)), replyToId: reply.id ?? '' };
    },
    async press(card, title, options) {
      const user = options.user ?? TEAMS_USERS.alice;
      const activity = invokeActivity(
        where({ ...options.where, ...(options.id ? { id: options.id } : {}) }),
        user,
        pressData(card, title, options),
        options.replyToId,
      );
      const { status, body } = await post(activity);
      return invokeAnswer(cards, status, body);
    },
    async close() {
      await server.close();
      await connector.close();
      await demo.cleanup();
    },
  };
}
