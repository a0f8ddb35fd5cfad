// Acknowledged means durable (#13): what Slack was told "got it" for is done exactly once, by the process
// that acknowledged it or, when that one stopped, by any other; what could not be recorded is not
// acknowledged as accepted, and the person is told. Driven through the real Bolt receiver with signed
// requests; Slack's servers are the local fake.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../../support/databases.js';
import { postSlack, slashCommandBody } from '../../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../../support/slack-server.js';
import { FIXED_NOW } from '../../support/workspace.js';
import { failInsertsInto } from '../../support/failing-inserts.js';
import { textOf } from '../../support/block-kit-buttons.js';
import { recordRequest } from '../../../src/store/requests.js';
import { runServer } from '../../../src/server/run-server.js';
import { loadConfig } from '../../../src/config/env.js';
import { logger } from '../../../src/logger.js';
import type { Db } from '../../../src/store/db.js';

const MINUTE = 60_000;
const later = (ms: number) => new Date(FIXED_NOW.getTime() + ms);

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`durable Slack requests on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());

    /** A slash command as Slack would have sent it to a process that recorded it, acknowledged it, and died. */
    async function abandoned(trigger: string, text: string, options: { attempts?: number } = {}) {
      const responseUrl = h.fake.responseUrl();
      const key = `slack:command:${TEAM}:${trigger}`;
      const payload = { kind: 'command', teamId: TEAM, userId: 'U_ALICE', channelId: 'C_SALES', command: '/deal', text, responseUrl };
      expect(await recordRequest(h.demo.db, { key, platform: 'slack', kind: 'command', payload }, FIXED_NOW)).toBe('recorded');
      if (options.attempts) await h.demo.db.processedRequest.update({ where: { key }, data: { attempts: options.attempts } });
      return { key, responseId: responseUrl.split('/').pop() ?? '' };
    }

    /** As if the work committed with its answer saved, and its process died before answering. */
    async function committedUnanswered(key: string, answer: string) {
      const screen = { kind: 'message', title: 'Deals', blocks: [{ type: 'text', text: answer }] };
      await h.demo.db.processedRequest.update({
        where: { key },
        data: { state: 'done', completedAt: FIXED_NOW, reply: { result: { screen } } },
      });
    }

    const dealsTitled = (title: string) => h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId, title } });
    const answersTo = (responseId: string) => h.fake.responses.filter((r) => r.id === responseId);

    it('does a command whose process died after acknowledging it, once, within a minute, and answers it once', async () => {
      const { key, responseId } = await abandoned('died-after-ack', 'new Orphan Co 12k Rescued rollout');
      // Its lease (45 s) has not passed: the resumer leaves it to its own process.
      await h.server.resumer?.tick(later(30_000));
      expect(await dealsTitled('Rescued rollout')).toBe(0);
      await h.server.resumer?.tick(later(MINUTE));
      expect(await dealsTitled('Rescued rollout')).toBe(1);
      const [reply] = answersTo(responseId);
      expect(textOf((reply?.body as { blocks: unknown[] }).blocks)).toContain('Rescued rollout');
      await h.server.resumer?.tick(later(5 * MINUTE));
      expect(await dealsTitled('Rescued rollout')).toBe(1);
      expect(answersTo(responseId)).toHaveLength(1);
      expect(await h.demo.db.processedRequest.findUnique({ where: { key }, select: { state: true, answeredAt: true } })).toEqual({
        state: 'done',
        answeredAt: expect.any(Date) as Date,
      });
    });

    it('gives two replicas resuming the same request at once one deal and one answer', async () => {
      const { responseId } = await abandoned('two-resumers', 'new Twin Co 8k Raced rollout');
      const config = loadConfig({
        DATABASE_URL: h.demo.url,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_API_URL: h.fake.apiUrl,
      });
      const other = await runServer({
        config,
        db: h.demo.db,
        logger,
        port: 0,
        scheduler: false,
        resumeEveryMs: false,
        clock: () => FIXED_NOW,
      });
      try {
        await Promise.all([h.server.resumer?.tick(later(MINUTE)), other.resumer?.tick(later(MINUTE))]);
      } finally {
        await other.close();
      }
      expect(await dealsTitled('Raced rollout')).toBe(1);
      expect(answersTo(responseId)).toHaveLength(1);
    });

    it('delivers the saved answer of work that committed when its process died before answering', async () => {
      const { key, responseId } = await abandoned('died-before-answer', 'list');
      await committedUnanswered(key, 'Saved answer: 3 deals');
      await h.server.resumer?.tick(later(2 * MINUTE));
      await h.server.resumer?.tick(later(3 * MINUTE));
      const replies = answersTo(responseId);
      expect(replies).toHaveLength(1);
      expect(JSON.stringify(replies[0]?.body)).toContain('Saved answer: 3 deals');
    });

    it('delivers a saved answer again on a later look when Slack refused it the first time', async () => {
      const { key, responseId } = await abandoned('answer-refused-once', 'list');
      await committedUnanswered(key, 'Saved answer: 5 deals');
      h.fake.failNext('response_url', { status: 503 });
      await h.server.resumer?.tick(later(2 * MINUTE));
      expect(answersTo(responseId)).toHaveLength(1);
      await h.server.resumer?.tick(later(3 * MINUTE));
      await h.server.resumer?.tick(later(4 * MINUTE));
      // The refused post, then the one Slack took; nothing after that.
      const replies = answersTo(responseId);
      expect(replies).toHaveLength(2);
      expect(JSON.stringify(replies[1]?.body)).toContain('Saved answer: 5 deals');
    });

    it('gives up a request after five tries and says so in both languages, without doing it', async () => {
      const { key, responseId } = await abandoned('out-of-tries', 'new Tired Co 5k Never done', { attempts: 5 });
      await h.server.resumer?.tick(later(MINUTE));
      const [told] = answersTo(responseId);
      const text = (told?.body as { text: string }).text;
      expect(text).toContain('could not finish your request "/deal new Tired Co 5k Never done"');
      expect(text).toContain('多次尝试后仍未能完成');
      expect(await dealsTitled('Never done')).toBe(0);
      expect((await h.demo.db.processedRequest.findUnique({ where: { key } }))?.state).toBe('failed');
    });

    it('does not acknowledge as accepted what it cannot record: the person is told and nothing is written', async () => {
      await failInsertsInto(h.demo.db, provider, 'ProcessedRequest', true);
      try {
        const body = slashCommandBody({
          command: '/deal',
          text: 'new Down Co 9k Not saved',
          user_id: 'U_ALICE',
          team_id: TEAM,
          trigger_id: 'db-down',
          response_url: h.fake.responseUrl(),
        });
        const http = await postSlack(h.eventsUrl, SIGNING_SECRET, body);
        expect(http.status).toBe(200);
        const shown = http.json as { text: string; response_type: string };
        expect(shown.response_type).toBe('ephemeral');
        expect(shown.text).toContain('could not take this request just now');
        expect(shown.text).toContain('暂时无法接收这个请求');
      } finally {
        await failInsertsInto(h.demo.db, provider, 'ProcessedRequest', false);
      }
      expect(await dealsTitled('Not saved')).toBe(0);
    });
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`Slack shutdown on ${provider}`, () => {
    it('on shutdown stops taking requests (readyz 503) and finishes what it acknowledged before it exits', async () => {
      const h = await startSlackHarness(provider);
      try {
        // A person DealDesk has never seen: their command waits for Slack's users.info, which is held.
        const release = h.fake.holdNext('users.info');
        const responseUrl = h.fake.responseUrl();
        const body = slashCommandBody({
          command: '/deal',
          text: 'list',
          user_id: 'U_NEW',
          team_id: TEAM,
          trigger_id: 'in-flight',
          response_url: responseUrl,
        });
        expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(200);
        // Acknowledged: from here on it is this process's to finish (the test runs in the server's process,
        // so the acknowledgement arrives after the handler took the work on).
        const closing = h.server.close();
        const ready = await fetch(`${h.baseUrl}/readyz`);
        expect([ready.status, await ready.json()]).toEqual([503, { ok: false, draining: true }]);
        const refused = await postSlack(
          h.eventsUrl,
          SIGNING_SECRET,
          slashCommandBody({
            command: '/deal',
            text: 'list',
            user_id: 'U_ALICE',
            team_id: TEAM,
            trigger_id: 'too-late',
            response_url: h.fake.responseUrl(),
          }),
        );
        expect(refused.status).toBe(503);
        release();
        await closing;
        const answered = h.fake.responses.filter((r) => r.id === responseUrl.split('/').pop());
        expect(answered).toHaveLength(1);
        expect(
          await h.demo.db.processedRequest.findUnique({ where: { key: `slack:command:${TEAM}:in-flight` }, select: { state: true } }),
        ).toEqual({
          state: 'done',
        });
        expect(await h.demo.db.processedRequest.count({ where: { key: { contains: 'too-late' } } })).toBe(0);
      } finally {
        await h.close();
      }
    });

    it('on shutdown also finishes a request that was being recorded when the work before it had finished', async () => {
      const h = await startSlackHarness(provider);
      // The replica's database holds each request record until the test lets it through.
      let recording!: () => void;
      const isRecording = new Promise<void>((resolve) => (recording = resolve));
      let letThrough!: () => void;
      const gate = new Promise<void>((resolve) => (letThrough = resolve));
      const gated = h.demo.db.$extends({
        query: {
          processedRequest: {
            async create({ args, query }) {
              recording();
              await gate;
              return query(args);
            },
          },
        },
      }) as unknown as Db;
      const replica = await runServer({
        config: loadConfig({
          DATABASE_URL: h.demo.url,
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_BOT_TOKEN: 'xoxb-test-token',
          SLACK_API_URL: h.fake.apiUrl,
        }),
        db: gated,
        logger,
        port: 0,
        scheduler: false,
        resumeEveryMs: false,
        clock: () => FIXED_NOW,
      });
      try {
        const responseUrl = h.fake.responseUrl();
        const posting = postSlack(
          `http://127.0.0.1:${String(replica.port)}/slack/events`,
          SIGNING_SECRET,
          slashCommandBody({
            command: '/deal',
            text: 'new Late Co 7k Drained rollout',
            user_id: 'U_ALICE',
            team_id: TEAM,
            trigger_id: 'recorded-during-drain',
            response_url: responseUrl,
          }),
        );
        // Nothing is being worked on, and this request is being recorded as the shutdown begins.
        await isRecording;
        const closing = replica.close();
        letThrough();
        const acknowledged = await posting;
        expect([acknowledged.status, acknowledged.text]).toEqual([200, '']);
        await closing;
        // It was acknowledged, so this process finished it before it stopped: done and answered, not left for a minute.
        expect(await h.demo.db.deal.count({ where: { workspaceId: h.demo.workspaceId, title: 'Drained rollout' } })).toBe(1);
        expect(h.fake.responses.filter((r) => r.id === responseUrl.split('/').pop())).toHaveLength(1);
      } finally {
        await replica.close();
        await h.close();
      }
    });
  });
}
