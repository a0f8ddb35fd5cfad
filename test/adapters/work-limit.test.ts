import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandConcurrency, createWorkLimit } from '../../src/adapters/work-limit.js';
import { loadConfig } from '../../src/config/env.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { postSlack, slashCommandBody } from '../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../support/slack-server.js';
import { textOf } from '../support/block-kit-buttons.js';

/** A task the test finishes (or fails) by hand, so nothing depends on timing. */
function gate() {
  let open!: () => void;
  let fail!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => {
    open = resolve;
    fail = reject;
  });
  return { done, open, fail };
}

/** Lets every promise callback that is ready run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createWorkLimit', () => {
  it('runs at most 2 of 6 tasks at once, starts them in the order they came, and finishes all 6', async () => {
    const limit = createWorkLimit(2);
    const gates = Array.from({ length: 6 }, gate);
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const results = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i);
        running += 1;
        most = Math.max(most, running);
        await g.done;
        running -= 1;
        return i * 10;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    // Finishing the second first still hands its place to the next one waiting, task 2.
    gates[1]?.open();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) {
      g.open();
      await settle();
    }
    expect(await Promise.all(results)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    expect(most).toBe(2);
  });

  it('gives a failing task’s place to the next one and its error to its own caller only', async () => {
    const limit = createWorkLimit(1);
    const first = gate();
    const failing = limit.run(async () => {
      await first.done;
      throw new Error('the database went away');
    });
    const syncFailing = limit.run(() => {
      throw new Error('thrown before any await');
    });
    const next = limit.run(() => Promise.resolve('answered'));
    first.open();
    await expect(failing).rejects.toThrow('the database went away');
    await expect(syncFailing).rejects.toThrow('thrown before any await');
    expect(await next).toBe('answered');
    // Its place is free again: two more tasks each get it in turn.
    expect(await Promise.all([limit.run(() => Promise.resolve(1)), limit.run(() => Promise.resolve(2))])).toEqual([1, 2]);
  });

  it('refuses a cap below one', () => {
    expect(() => createWorkLimit(0)).toThrow(RangeError);
  });
});

describe('DEALDESK_MAX_CONCURRENT_COMMANDS', () => {
  it('defaults to 16, leaves two of a PostgreSQL pool free, and names the variable when it is not a whole number of at least 1', () => {
    expect(commandConcurrency(loadConfig({}))).toBe(16);
    expect(commandConcurrency(loadConfig({ DATABASE_URL: 'file:/tmp/other.db' }))).toBe(16);
    expect(commandConcurrency(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/dealdesk' }))).toBe(8);
    expect(commandConcurrency(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/dealdesk?connection_limit=40' }))).toBe(16);
    expect(commandConcurrency(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/dealdesk?connection_limit=2' }))).toBe(1);
    // Set, it is taken as it is, whatever the database.
    expect(commandConcurrency(loadConfig({ DEALDESK_MAX_CONCURRENT_COMMANDS: '2' }))).toBe(2);
    expect(commandConcurrency(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/dealdesk', DEALDESK_MAX_CONCURRENT_COMMANDS: '12' }))).toBe(
      12,
    );
    expect(() => loadConfig({ DEALDESK_MAX_CONCURRENT_COMMANDS: '0' })).toThrow(/DEALDESK_MAX_CONCURRENT_COMMANDS/);
    expect(() => loadConfig({ DEALDESK_MAX_CONCURRENT_COMMANDS: 'lots' })).toThrow(/DEALDESK_MAX_CONCURRENT_COMMANDS/);
  });
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack commands with one running at a time on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider, { DEALDESK_MAX_CONCURRENT_COMMANDS: '1' });
    });
    afterAll(() => h.close());

    it('acknowledges three slash commands sent at once and answers each of them', async () => {
      const sent = (
        [
          ['/deal', 'show D-1', 'D-1'],
          ['/deal', 'list', 'Alice Carter · Open deals'],
          ['/pipeline', '', 'Pipeline · Alice Carter'],
        ] as const
      ).map(([command, text, expected]) => {
        const responseUrl = h.fake.responseUrl();
        const body = slashCommandBody({ command, text, user_id: 'U_ALICE', team_id: TEAM, response_url: responseUrl });
        return { expected, responseId: responseUrl.split('/').pop() ?? '', http: postSlack(h.eventsUrl, SIGNING_SECRET, body) };
      });
      const acks = await Promise.all(sent.map((s) => s.http));
      expect(acks.map((a) => a.status)).toEqual([200, 200, 200]);
      const answers = await Promise.all(sent.map((s) => h.fake.waitForResponse(s.responseId, 15_000)));
      expect(answers.map((a) => textOf((a.body as { blocks: unknown[] }).blocks))).toEqual(
        sent.map((s) => expect.stringContaining(s.expected) as unknown),
      );
      expect(h.fake.responses.map((r) => r.id).sort()).toEqual(sent.map((s) => s.responseId).sort());
    });
  });
}
