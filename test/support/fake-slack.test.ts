// Self-test of the Slack test harness: a real Bolt App talks to the fakes through the request helpers.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App, LogLevel, webApi } from '@slack/bolt';
import { startFakeSlack, type FakeSlack } from './fake-slack.js';
import { startFakeSocketMode } from './fake-socket-mode.js';
import {
  appHomeOpenedEvent,
  blockActionBody,
  eventBody,
  postSlack,
  signSlackRequest,
  slashCommandBody,
  slashCommandPayload,
  stateValues,
  urlVerificationBody,
  viewSubmissionBody,
} from './slack-requests.js';

const SECRET = 'test-signing-secret';
const BOT_TOKEN = 'xoxb-test-token';

describe('fake Slack + Bolt HTTP receiver', () => {
  let fake: FakeSlack;
  let app: App;
  let url: string;

  beforeAll(async () => {
    fake = await startFakeSlack({
      users: {
        U1: { name: 'alice', real_name: 'Alice Adams', tz: 'America/New_York', locale: 'en-US', email: 'alice@acme.test' },
        U2: { name: 'wei', real_name: 'Wei Zhang', tz: 'Asia/Shanghai', locale: 'zh-CN' },
      },
    });
    app = new App({
      token: BOT_TOKEN,
      signingSecret: SECRET,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.command('/ping', async ({ ack, respond }) => {
      await ack();
      await respond('pong');
    });
    app.command('/slow', async ({ ack }) => {
      await ack({ response_type: 'ephemeral', text: 'working on it' });
    });
    app.action('approve', async ({ ack, body, client }) => {
      await ack();
      if (body.type !== 'block_actions' || body.channel === undefined) return;
      await client.chat.postMessage({
        channel: body.channel.id,
        text: `approved by ${body.user.id}`,
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `Approved by <@${body.user.id}>` } }],
      });
    });
    app.view('deal_modal', async ({ ack, view }) => {
      const amount = view.state.values.amount?.value?.value;
      if (amount === '0') {
        await ack({ response_action: 'errors', errors: { amount: 'Must be positive' } });
        return;
      }
      await ack();
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({
        user_id: event.user,
        view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Pipeline' } }] },
      });
    });
    const server = (await app.start(0)) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterEach(() => {
    expect(fake.limitViolations).toEqual([]);
    fake.reset();
  });

  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('routes a signed slash command and records the respond() POST', async () => {
    const responseUrl = fake.responseUrl('ping');
    const res = await postSlack(
      url,
      SECRET,
      slashCommandBody({ command: '/ping', text: '', user_id: 'U1', team_id: 'T0ACME', response_url: responseUrl }),
    );
    expect(res.status).toBe(200);
    const response = await fake.waitForResponse('ping');
    expect(response.body).toEqual({ text: 'pong' });
  });

  it('returns what ack() was given as the HTTP response', async () => {
    const res = await postSlack(
      url,
      SECRET,
      slashCommandBody({ command: '/slow', text: 'x', user_id: 'U1', team_id: 'T0ACME', response_url: fake.responseUrl() }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_type: 'ephemeral', text: 'working on it' });
  });

  it('rejects a bad signature, a stale timestamp and missing headers with 401', async () => {
    const body = slashCommandBody({ command: '/ping', text: '', user_id: 'U1', team_id: 'T0ACME', response_url: fake.responseUrl('bad') });
    expect((await postSlack(url, 'wrong-secret', body)).status).toBe(401);
    expect((await postSlack(url, SECRET, body, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect((await postSlack(url, SECRET, body, { signature: null })).status).toBe(401);
    expect((await postSlack(url, SECRET, body, { timestampHeader: null })).status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.responses).toEqual([]);
  });

  it('signs like Slack', () => {
    // Example from Slack's "Verifying requests" documentation.
    const headers = signSlackRequest(
      '8f742231b10e8888abcd99yyyzzz85a5',
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
      1531420618,
    );
    expect(headers['X-Slack-Signature']).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
  });

  it('routes a block action and records the Web API call with its token and parsed blocks', async () => {
    const res = await postSlack(
      url,
      SECRET,
      blockActionBody({
        user: 'U1',
        team: 'T0ACME',
        channel: { id: 'C1' },
        message: { ts: '1700000000.000100', text: 'Deal Acme' },
        actions: [{ action_id: 'approve', block_id: 'deal', value: 'deal-1' }],
        response_url: fake.responseUrl(),
      }),
    );
    expect(res.status).toBe(200);
    const call = await fake.waitForCall('chat.postMessage');
    expect(call.token).toBe(BOT_TOKEN);
    expect(call.body.channel).toBe('C1');
    expect(call.body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Approved by <@U1>' } }]);
    expect(call.result).toMatchObject({ ok: true, channel: 'C1' });
    expect((call.result as { ts?: unknown }).ts).toMatch(/^\d{10}\.\d{6}$/);
  });

  it('routes a view submission and returns response_action errors', async () => {
    const submit = (amount: string) =>
      postSlack(
        url,
        SECRET,
        viewSubmissionBody({
          user: 'U1',
          team: 'T0ACME',
          view: {
            id: 'V1',
            callback_id: 'deal_modal',
            private_metadata: '{"dealId":"d1"}',
            state: { values: stateValues({ amount: { value: amount } }) },
            hash: '1.abc',
          },
        }),
      );
    const bad = await submit('0');
    expect(bad.status).toBe(200);
    expect(bad.json).toEqual({ response_action: 'errors', errors: { amount: 'Must be positive' } });
    const good = await submit('50000');
    expect(good.status).toBe(200);
    expect(good.text).toBe('');
  });

  it('answers url_verification and routes app_home_opened to views.publish', async () => {
    const challenge = await postSlack(url, SECRET, urlVerificationBody('abc123'));
    expect(challenge.json).toEqual({ challenge: 'abc123' });

    const res = await postSlack(url, SECRET, eventBody(appHomeOpenedEvent('U2'), { team_id: 'T0ACME' }));
    expect(res.status).toBe(200);
    const call = await fake.waitForCall('views.publish', (c) => c.body.user_id === 'U2');
    expect(call.body.view).toMatchObject({ type: 'home' });
    const { ok, view } = call.result as { ok?: unknown; view?: { id?: unknown; hash?: unknown } };
    expect(ok).toBe(true);
    expect(view?.id).toMatch(/^V/);
    expect(typeof view?.hash).toBe('string');
  });

  it('answers users.info like Slack (locale only with include_locale)', async () => {
    const withLocale = await app.client.users.info({ user: 'U2', include_locale: true });
    expect(withLocale.user).toMatchObject({
      id: 'U2',
      name: 'wei',
      tz: 'Asia/Shanghai',
      tz_offset: 28800,
      locale: 'zh-CN',
      profile: { real_name: 'Wei Zhang' },
    });
    const withoutLocale = await app.client.users.info({ user: 'U1' });
    expect(withoutLocale.user?.locale).toBeUndefined();
    await expect(app.client.users.info({ user: 'U404' })).rejects.toMatchObject({ data: { ok: false, error: 'user_not_found' } });
  });

  it('simulates rate limits and server errors, and records unknown methods', async () => {
    const client = new webApi.WebClient(BOT_TOKEN, {
      slackApiUrl: fake.apiUrl,
      logLevel: webApi.LogLevel.ERROR,
      retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 },
    });
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 0 });
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hi' });
    expect(posted.ok).toBe(true);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);

    fake.failNext('chat.update', { status: 500 }, 3);
    await expect(client.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'x' })).rejects.toMatchObject({
      code: 'slack_webapi_http_error',
    });
    expect(fake.callsTo('chat.update')).toHaveLength(3);

    await expect(client.apiCall('deals.frobnicate', { x: 1 })).rejects.toMatchObject({ data: { error: 'unknown_method' } });
    expect(fake.callsTo('deals.frobnicate')[0]?.body).toEqual({ x: '1' });
  });

  it('collects Block Kit limit violations from Web API calls and response_url POSTs', async () => {
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));
    await app.client.chat.postMessage({ channel: 'C1', text: 'big', blocks: tooMany });
    await fetch(fake.responseUrl('big'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ blocks: tooMany }),
    });
    await app.client.views.open({
      trigger_id: '1.2.3',
      view: { type: 'modal', title: { type: 'plain_text', text: 'x'.repeat(25) }, blocks: [] },
    });
    expect(fake.limitViolations.map((v) => v.method)).toEqual(['chat.postMessage', 'response_url:big', 'views.open']);
    expect(fake.limitViolations.every((v) => v.violations.length > 0)).toBe(true);
    fake.limitViolations.length = 0;
  });

  it('posts to a user id land in a DM, and ts values increase', async () => {
    const a = await app.client.chat.postMessage({ channel: 'U1', text: 'one' });
    const b = await app.client.chat.postMessage({ channel: 'U1', text: 'two' });
    const dm = await app.client.conversations.open({ users: 'U1' });
    expect(a.channel).toBe(dm.channel?.id);
    expect(a.channel).toMatch(/^D/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
  });
});

describe('fake Socket Mode + Bolt App', () => {
  it('connects, handles a slash_commands envelope and acks it', async () => {
    const socket = await startFakeSocketMode();
    const fake = await startFakeSlack({ socketUrl: socket.url });
    const app = new App({
      socketMode: true,
      appToken: 'xapp-1-A1-test',
      token: BOT_TOKEN,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    app.command('/ping', async ({ ack, respond }) => {
      await ack({ text: 'pong (ack)' });
      await respond('pong');
    });
    app.event('app_home_opened', async ({ event, client }) => {
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
    });
    try {
      await app.start();
      expect(socket.openConnections()).toBe(1);
      expect(fake.callsTo('apps.connections.open')[0]?.token).toBe('xapp-1-A1-test');

      const envelopeId = socket.send({
        type: 'slash_commands',
        payload: slashCommandPayload({
          command: '/ping',
          text: '',
          user_id: 'U1',
          team_id: 'T0ACME',
          response_url: fake.responseUrl('sm'),
        }),
      });
      const ack = await socket.waitForAck(envelopeId);
      expect(ack.payload).toEqual({ text: 'pong (ack)' });
      expect((await fake.waitForResponse('sm')).body).toEqual({ text: 'pong' });

      const eventId = socket.send({ type: 'events_api', payload: JSON.parse(eventBody(appHomeOpenedEvent('U1'))) });
      expect((await socket.waitForAck(eventId)).payload).toEqual({});
      await fake.waitForCall('views.publish', (c) => c.body.user_id === 'U1');
      expect(fake.limitViolations).toEqual([]);
    } finally {
      await app.stop();
      await socket.close();
      await fake.close();
    }
  });
});
