// Issue #13, points 3 and 5, through the real server and Bolt's real HTTP receiver: input that used to
// freeze the server, crash a request or write what it should not is refused, in words where a person
// typed it, and everyone else keeps being answered.
import { Writable } from 'node:stream';
import { networkInterfaces } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { blockActionPayload, postSlack, slashCommandBody, FORM } from '../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../support/slack-server.js';
import { textOf } from '../support/block-kit-buttons.js';
import { createHttpServer } from '../../src/server/http.js';
import { runServer } from '../../src/server/run-server.js';
import { loadConfig } from '../../src/config/env.js';
import { logger as silentLogger } from '../../src/logger.js';
import { freshDatabase } from '../support/databases.js';
import { BODY_BYTES_MAX } from '../../src/adapters/input-limits.js';
import { startTeamsHarness, TEAMS_USERS, type TeamsHarness } from '../support/teams-server.js';
import { messageActivity } from '../support/fake-teams.js';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`hostile input over Slack HTTP on ${provider}`, () => {
    let h: SlackHarness;
    beforeAll(async () => {
      h = await startSlackHarness(provider);
    });
    afterAll(() => h.close());
    afterEach(() => {
      expect(h.fake.limitViolations).toEqual([]);
    });

    function slashBody(text: string, responseUrl = h.fake.responseUrl(), command = '/deal'): string {
      return slashCommandBody({ command, text, user_id: 'U_ALICE', team_id: TEAM, response_url: responseUrl });
    }

    async function slash(text: string) {
      const responseUrl = h.fake.responseUrl();
      const http = await postSlack(h.eventsUrl, SIGNING_SECRET, slashBody(text, responseUrl));
      return { http, responseId: responseUrl.split('/').pop() ?? '' };
    }

    async function answerText(responseId: string): Promise<string> {
      const response = await h.fake.waitForResponse(responseId, 10_000);
      return textOf((response.body as { blocks: unknown[] }).blocks);
    }

    it('a 4,000-character /deal show gets the limit in both languages at once, before any database work', async () => {
      const claimsBefore = await h.demo.db.processedRequest.count();
      const since = h.fake.mark();
      const { http } = await slash(`show ${'acme robotics '.repeat(286)}`);
      expect(http.status).toBe(200);
      const ack = http.json as { response_type: string; text: string };
      expect(ack.response_type).toBe('ephemeral');
      expect(ack.text).toContain('DealDesk reads at most 2000');
      expect(ack.text).toContain('最多读取 2000 个');
      // Nothing was claimed, and Slack was not asked who the user is.
      expect(await h.demo.db.processedRequest.count()).toBe(claimsBefore);
      expect(h.fake.calls.slice(since).filter((call) => call.method !== 'auth.test')).toEqual([]);
    });

    it('a 1 MB signed body gets 413 and the server keeps answering everyone else', async () => {
      const huge = slashBody(`show ${'x'.repeat(1024 * 1024)}`);
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const normal = Array.from({ length: 5 }, () => slash('show D-1'));
      const hostile = await Promise.all([0, 1, 2].map(() => postSlack(h.eventsUrl, SIGNING_SECRET, huge)));
      const answered = await Promise.all(normal);
      loop.disable();
      for (const response of hostile) expect(response.status).toBe(413);
      for (const { http, responseId } of answered) {
        expect(http.status).toBe(200);
        expect(await answerText(responseId)).toContain('D-1 ·');
      }
      // A report, not an assertion: this machine is shared (issue #13 asks for under 50 ms).
      console.info(`[hostile-input ${provider}] event loop delay while three 1 MB bodies arrived: max ${(loop.max / 1e6).toFixed(1)} ms`);
    });

    it('a body of more than the limit without a Content-Length (chunked) is refused too', async () => {
      const body = slashBody(`show ${'y'.repeat(BODY_BYTES_MAX)}`);
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(body));
          controller.close();
        },
      });
      // `duplex` is required by Node for a streamed body; the DOM typings do not know it yet.
      const init: RequestInit & { duplex: 'half' } = {
        method: 'POST',
        headers: { 'Content-Type': FORM, 'X-Slack-Request-Timestamp': String(nowSeconds()), 'X-Slack-Signature': 'v0=0' },
        body: stream,
        duplex: 'half',
      };
      const response = await fetch(h.eventsUrl, init);
      expect(response.status).toBe(413);
    });

    it('a timestamp 400 s in the future is refused like an old one; a current one is served', async () => {
      const future = await postSlack(h.eventsUrl, SIGNING_SECRET, slashBody('show D-1'), { timestamp: nowSeconds() + 400 });
      expect(future.status).toBe(401);
      const old = await postSlack(h.eventsUrl, SIGNING_SECRET, slashBody('show D-1'), { timestamp: nowSeconds() - 400 });
      expect(old.status).toBe(401);
      const { http, responseId } = await slash('show D-1');
      expect(http.status).toBe(200);
      expect(await answerText(responseId)).toContain('D-1 ·');
    });

    it('an interactive payload of null gets 400, not 500', async () => {
      const response = await postSlack(h.eventsUrl, SIGNING_SECRET, 'payload=null', { contentType: 'form' });
      expect(response.status).toBe(400);
      const json = await postSlack(h.eventsUrl, SIGNING_SECRET, 'null', { contentType: 'json' });
      expect(json.status).toBe(400);
    });

    it('an interactive payload with team: null creates no workspace for team ""', async () => {
      const payload = {
        ...blockActionPayload({ user: 'U_NOBODY', actions: [{ action_id: 'dd.run', value: 'deal list' }] }),
        team: null,
        user: { id: 'U_NOBODY', username: 'nobody', name: 'nobody' },
      };
      const response = await postSlack(h.eventsUrl, SIGNING_SECRET, `payload=${encodeURIComponent(JSON.stringify(payload))}`, {
        contentType: 'form',
      });
      expect(response.status).toBe(400);
      // A request served after it has finished: had the press been run, its workspace would exist by now.
      const { responseId } = await slash('show D-1');
      await answerText(responseId);
      expect(await h.demo.db.chatInstallation.count({ where: { externalTenantId: '' } })).toBe(0);
      expect(await h.demo.db.platformIdentity.count({ where: { externalUserId: 'U_NOBODY' } })).toBe(0);
    });

    it('a slash command without team_id gets 400', async () => {
      const body = slashCommandBody({
        command: '/deal',
        text: 'list',
        user_id: 'U_ALICE',
        team_id: '',
        response_url: h.fake.responseUrl(),
      });
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body)).status).toBe(400);
    });

    it('a payload nested 10,000 deep gets 400', async () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const payload = { ...blockActionPayload({ user: 'U_ALICE', actions: [{ action_id: 'dd.run', value: 'deal list' }] }), deep: 'x' };
      const body = `payload=${encodeURIComponent(JSON.stringify(payload).replace('"x"', deep))}`;
      expect((await postSlack(h.eventsUrl, SIGNING_SECRET, body, { contentType: 'form' })).status).toBe(400);
    });

    it('a NUL byte in a note is stripped before it reaches the database', async () => {
      const { responseId } = await slash('note D-1 call: CFO\u0000 wants a 3-year\u0000 price');
      expect(await answerText(responseId)).toContain('Call logged on D-1');
      const activity = await h.demo.db.activity.findFirstOrThrow({
        where: { workspaceId: h.demo.workspaceId, deal: { number: 1 } },
        orderBy: { at: 'desc' },
      });
      expect(activity.text).toBe('CFO wants a 3-year price');
    });
  });
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`hostile input over Teams HTTP on ${provider}`, () => {
    let h: TeamsHarness;
    beforeAll(async () => {
      h = await startTeamsHarness(provider);
    });
    afterAll(() => h.close());

    it('a 4,000-character message gets the limit in the sender’s language, and others are still answered', async () => {
      const cases = [
        { user: TEAMS_USERS.alice, expected: 'DealDesk reads at most 2000' },
        { user: TEAMS_USERS['wei.zhang'], expected: '最多读取 2000 个' },
      ];
      for (const { user, expected } of cases) {
        const since = h.connector.mark();
        const { status } = await h.post(messageActivity(h.where(), user, `deal show ${'acme '.repeat(800)}`));
        expect(status).toBe(200);
        const reply = await h.connector.waitFor((call) => call.kind === 'reply', { since });
        expect(String(reply.body.text)).toContain(expected);
      }
      const { card } = await h.say('deal show D-1');
      expect(JSON.stringify(card)).toContain('D-1');
    });
  });
}

describe('the HTTP server', () => {
  it('logs one line per request: method, path without the query, status and milliseconds, nothing else', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const fresh = await freshDatabase('sqlite');
    const server = createHttpServer({ db: fresh.db, logger: pino({ level: 'info' }, sink) });
    try {
      const port = await server.listen(0, '127.0.0.1');
      await fetch(`http://127.0.0.1:${port}/healthz?code=secret-oauth-code`);
      await fetch(`http://127.0.0.1:${port}/nowhere`, { method: 'POST', body: 'token=xoxb-123' });
      await new Promise((resolve) => setImmediate(resolve));
      const requests = lines.filter((line) => line.msg === 'http request');
      expect(requests.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
        { method: 'GET', path: '/healthz', status: 200 },
        { method: 'POST', path: '/nowhere', status: 404 },
      ]);
      for (const line of requests) expect(typeof line.ms).toBe('number');
      expect(JSON.stringify(lines)).not.toMatch(/secret-oauth-code|xoxb-123/);
    } finally {
      await server.close();
      await fresh.cleanup();
    }
  });

  it('refuses a declared 1 MB body with 413 on any route, before reading it', async () => {
    const fresh = await freshDatabase('sqlite');
    const server = createHttpServer({ db: fresh.db, logger: silentLogger });
    try {
      const port = await server.listen(0, '127.0.0.1');
      const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: 'z'.repeat(1024 * 1024) }),
      });
      expect(response.status).toBe(413);
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
      await fresh.cleanup();
    }
  });

  it('Teams in anonymous mode listens on 127.0.0.1 only', async () => {
    const fresh = await freshDatabase('sqlite');
    const config = loadConfig({ DATABASE_URL: fresh.url, TEAMS_DEV_ANONYMOUS: 'true' });
    const server = await runServer({ config, db: fresh.db, logger: silentLogger, port: 0, scheduler: false });
    try {
      expect(server.host).toBe('127.0.0.1');
      expect((await fetch(`http://127.0.0.1:${server.port}/healthz`)).status).toBe(200);
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((address) => address && address.family === 'IPv4' && !address.internal);
      if (outside) {
        await expect(fetch(`http://${outside.address}:${server.port}/healthz`)).rejects.toThrow();
      }
    } finally {
      await server.close();
      await fresh.cleanup();
    }
  });
});
