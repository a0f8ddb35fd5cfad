// A platform that never answers cannot stall the scheduler: every Slack call and every Teams proactive
// send made by scheduled work gives up after its timeout, with at most two retries, and the slot ends
// failed (to be retried on a later tick) while the next slot is delivered. Real Slack Web API client and
// real Bot Framework adapter, against local servers that hang for one recipient.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { logger } from '../../src/logger.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { createDeliverer } from '../../src/jobs/deliverers.js';
import { platformDeliverers } from '../../src/server/platform-deliverers.js';
import { saveConversationReference } from '../../src/store/conversations.js';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';
import { closeServer, listenLocally } from '../support/local-server.js';
import { seedManagers, testDailyJob } from './fixtures/test-jobs.js';

/** Monday 2026-11-23 08:30 UTC. */
const T = new Date('2026-11-23T08:30:00Z');

type Hanging = { server: Server; baseUrl: string; calls: { path: string; body: string }[]; hung: number };

/** A local server that never answers requests `hangs` picks, and answers the others with `answer`. */
async function hangingServer(hangs: (path: string, body: string) => boolean, answer: (path: string) => unknown): Promise<Hanging> {
  const state: Hanging = { server: createServer(), baseUrl: '', calls: [], hung: 0 };
  state.server.on('request', (request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const path = request.url ?? '';
      state.calls.push({ path, body });
      if (hangs(path, body)) {
        state.hung++;
        return; // no answer, ever
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer(path)));
    });
  });
  state.baseUrl = (await listenLocally(state.server)).baseUrl;
  return state;
}

describe('scheduled work against a platform that never answers', () => {
  let fresh: FreshDatabase;
  let platform: Hanging | undefined;
  beforeEach(async () => {
    fresh = await freshDatabase('sqlite');
  });
  afterEach(async () => {
    if (platform) await closeServer(platform.server);
    platform = undefined;
    await fresh.cleanup();
  });

  /** Two managers due at T, the first ("hang") created first, so it runs first. */
  async function seed(platformId: 'slack' | 'teams') {
    const seeded = await seedManagers(fresh.db, [{ handle: 'hang' }, { handle: 'ok' }], { timeZone: 'UTC' });
    await fresh.db.chatInstallation.create({ data: { workspaceId: seeded.workspaceId, platform: platformId, externalTenantId: 'T1' } });
    return seeded;
  }

  const slots = () => fresh.db.scheduleSlot.findMany({ select: { recipientKey: true, status: true, completedAt: true, error: true } });

  it('Slack: an unanswered chat.postMessage times out after two retries; the slot waits for a retry and the next one is delivered', async () => {
    const { workspaceId, managers } = await seed('slack');
    for (const [index, manager] of managers.entries()) {
      await fresh.db.platformIdentity.create({
        data: {
          workspaceId,
          platform: 'slack',
          externalTenantId: 'T1',
          externalUserId: index === 0 ? 'U_HANG' : 'U_OK',
          memberId: manager.id,
        },
      });
    }
    const slack = await hangingServer(
      (path, body) => path.endsWith('/chat.postMessage') && body.includes('U_HANG'),
      () => ({ ok: true, channel: 'D_OK', ts: '1700000000.000100' }),
    );
    platform = slack;
    const config = loadConfig({
      DATABASE_URL: fresh.url,
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 's',
      SLACK_API_URL: `${slack.baseUrl}/api/`,
    });
    // Only the timeout is shortened for the test; the retry budget is the scheduler's own.
    const deliver = createDeliverer(config, fresh.db, {
      logger,
      platforms: platformDeliverers(config, fresh.db, { slackClientOptions: { timeout: 300 } }),
    });
    const summary = await runDueJobs({ db: fresh.db, now: T, jobs: [testDailyJob()], deliver, claimedBy: 'p', logger, concurrency: 1 });

    expect(summary).toEqual({ ran: 1, skipped: 0, late: 0, failed: 1 });
    expect(slack.hung).toBe(3); // the first try and two retries
    expect(slack.calls.filter((call) => call.body.includes('U_OK'))).toHaveLength(1);
    const [hang, ok] = managers;
    expect(await slots()).toEqual(
      expect.arrayContaining([
        {
          recipientKey: `member:${hang?.id}`,
          status: 'failed',
          completedAt: null,
          error: expect.stringContaining('Slack refused') as unknown,
        },
        expect.objectContaining({ recipientKey: `member:${ok?.id}`, status: 'done' }),
      ]),
    );
  });

  it('Teams: an unanswered proactive send is given up after its timeout; the slot waits for a retry and the next one is delivered', async () => {
    const { workspaceId, managers } = await seed('teams');
    const teams = await hangingServer(
      (path) => path.includes('/v3/conversations/hang/'),
      () => ({ id: 'activity-1' }),
    );
    platform = teams;
    for (const [index, manager] of managers.entries()) {
      const conversationId = index === 0 ? 'hang' : 'ok';
      await saveConversationReference(fresh.db, {
        workspaceId,
        platform: 'teams',
        conversationId,
        kind: 'personal',
        memberId: manager.id,
        reference: {
          channelId: 'msteams',
          serviceUrl: `${teams.baseUrl}/`,
          conversation: { id: conversationId, conversationType: 'personal', tenantId: 'T1' },
          bot: { id: 'bot' },
          user: { id: `user-${conversationId}` },
        },
      });
    }
    const config = loadConfig({ DATABASE_URL: fresh.url, TEAMS_DEV_ANONYMOUS: 'true' });
    const deliver = createDeliverer(config, fresh.db, {
      logger,
      platforms: platformDeliverers(config, fresh.db, { teamsSendTimeoutMs: 500 }),
    });
    const summary = await runDueJobs({ db: fresh.db, now: T, jobs: [testDailyJob()], deliver, claimedBy: 'p', logger, concurrency: 1 });

    expect(summary).toEqual({ ran: 1, skipped: 0, late: 0, failed: 1 });
    expect(teams.hung).toBeGreaterThanOrEqual(1);
    expect(teams.calls.filter((call) => call.path.includes('/v3/conversations/ok/'))).toHaveLength(1);
    const [hang, ok] = managers;
    expect(await slots()).toEqual(
      expect.arrayContaining([
        {
          recipientKey: `member:${hang?.id}`,
          status: 'failed',
          completedAt: null,
          error: expect.stringContaining('no answer from Teams') as unknown,
        },
        expect.objectContaining({ recipientKey: `member:${ok?.id}`, status: 'done' }),
      ]),
    );
  });
});
