// The real manager digest through the real Slack deliverer: when Slack fails one message of a digest of
// several, the retry sends that message and the ones after it, never the ones already delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackHarness, type SlackHarness } from '../support/slack-server.js';
import { textOf } from '../support/block-kit-buttons.js';
import { loadConfig } from '../../src/config/env.js';
import { logger } from '../../src/logger.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { managerDigest } from '../../src/jobs/digest.js';
import { createDeliverer } from '../../src/jobs/deliverers.js';
import { platformDeliverers } from '../../src/server/platform-deliverers.js';

/** Monday 2026-11-23 08:30 in New York: Mike's digest (with the weekly summary) is due. */
const DIGEST_AT = new Date('2026-11-23T13:30:00Z');

describe('a manager digest that fails halfway', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('sqlite');
  });
  afterAll(() => h.close());

  it('is retried from the message that failed, so Mike gets each message once', async () => {
    const config = loadConfig({
      DATABASE_URL: h.demo.url,
      SLACK_SIGNING_SECRET: 's',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: h.fake.apiUrl,
    });
    const deliver = createDeliverer(config, h.demo.db, { logger, platforms: platformDeliverers(config, h.demo.db) });
    const tick = (clock: Date) =>
      runDueJobs({ db: h.demo.db, now: DIGEST_AT, jobs: [managerDigest], deliver, claimedBy: 'p', logger, clock: () => clock });
    // Slack takes the first message to Mike, then answers internal_error (worth retrying) once.
    let toMike = 0;
    let failed = false;
    h.fake.handle('chat.postMessage', (call) => {
      if (call.body.channel === 'U_MIKE' && ++toMike === 2 && !failed) {
        failed = true;
        return { ok: false, error: 'internal_error' };
      }
      return { channel: String(call.body.channel), ts: `1700000000.${String(h.fake.calls.length).padStart(6, '0')}` };
    });
    expect(await tick(DIGEST_AT)).toMatchObject({ ran: 0, failed: 1 });
    expect(await tick(new Date(DIGEST_AT.getTime() + 2 * 60_000))).toMatchObject({ ran: 1, failed: 0 });

    const accepted = h.fake
      .callsTo('chat.postMessage')
      .filter((call) => call.body.channel === 'U_MIKE' && (call.result as { ok?: boolean }).ok === true)
      .map((call) => textOf(call.body.blocks));
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    expect(new Set(accepted).size).toBe(accepted.length); // none twice
    expect(accepted[0]).toContain('Daily digest');
    const mike = await h.demo.db.member.findFirstOrThrow({
      where: { workspaceId: h.demo.workspaceId, handle: 'mike' },
      select: { id: true },
    });
    expect(await h.demo.db.scheduleSlot.findMany({ where: { job: 'digest.manager', recipientKey: `member:${mike.id}` } })).toMatchObject([
      { status: 'done', attempts: 2, delivered: accepted.length },
    ]);
  });
});
