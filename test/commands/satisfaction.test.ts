// #15 point 7: after-sales follow-ups (售后回访) and satisfaction (满意度) on SQLite and PostgreSQL.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Prisma } from '../../src/store/generated/sqlite/client.js';
import { actionsOf } from '../../src/views/screen.js';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { num } from '../support/sql.js';
import { runDueJobs } from '../../src/jobs/runner.js';
import { RecordingDeliverer } from '../../src/jobs/deliverers.js';
import { repNudge } from '../../src/jobs/nudge.js';
import { renderText } from '../../src/views/render/text.js';
import { logger } from '../../src/logger.js';

/** 17:00 UTC: already Tuesday Nov 24 in Shanghai, still Monday Nov 23 in New York. */
const WIN_AT = new Date('2026-11-23T17:00:00Z');
const at = (iso: string) => new Date(iso);

for (const provider of ALL_PROVIDERS)
  describeOn(provider)(`after-sales satisfaction on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    const followUpsOf = (ref: string) =>
      demo.db.afterSalesFollowUp.findMany({
        where: { workspaceId: demo.workspaceId, deal: { number: Number(ref.slice(2)) } },
        select: { dueOn: true, score: true, comment: true, recordedAt: true, owner: { select: { handle: true } } },
      });
    /** The deal a `/deal new` created, in either language. */
    const createdDealRef = (text: string): string => /D-\d+/.exec(text)?.[0] ?? expect.unreachable(`no deal in ${text}`);
    const wonDeal = async (handle: string, account: string, now = WIN_AT): Promise<string> => {
      const ref = createdDealRef((await demo.run(`/deal new ${account} 20k proposal`, handle, now)).text);
      expect((await demo.run(`/deal move ${ref} won`, handle, now)).text).toMatch(/Won|赢单/);
      return ref;
    };

    it('schedules one follow-up per win, due after-sales-days after the close date in the owner’s calendar', async () => {
      const newYork = await wonDeal('alice', 'Hudson Outfitters');
      const shanghai = await wonDeal('wei.zhang', '华东精密');
      expect(await followUpsOf(newYork)).toEqual([
        { dueOn: at('2026-12-23T00:00:00Z'), score: null, comment: null, recordedAt: null, owner: { handle: 'alice' } },
      ]);
      expect(await followUpsOf(shanghai)).toEqual([
        { dueOn: at('2026-12-24T00:00:00Z'), score: null, comment: null, recordedAt: null, owner: { handle: 'wei.zhang' } },
      ]);
      // A deal entered as won gets one too.
      const entered = createdDealRef((await demo.run('/deal new Entered Won 5k won', 'alice', WIN_AT)).text);
      expect((await followUpsOf(entered)).map((f) => f.dueOn)).toEqual([at('2026-12-23T00:00:00Z')]);
      // Lost and open moves schedule nothing.
      const lost = createdDealRef((await demo.run('/deal new Lost Cause 5k proposal', 'alice', WIN_AT)).text);
      await demo.run(`/deal move ${lost} lost price`, 'alice', WIN_AT);
      expect(await followUpsOf(lost)).toEqual([]);
    });

    it('sends the call-back in the scheduled nudge on its due day, in the owner’s zone and language', async () => {
      const shanghai = (await demo.db.deal.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, title: '华东精密' } })).number;
      const wei = await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle: 'wei.zhang' } });
      const sentAt = async (iso: string) => {
        const deliver = new RecordingDeliverer();
        await runDueJobs({ db: demo.db, now: at(iso), jobs: [repNudge], deliver, claimedBy: `test-${provider}`, logger });
        return deliver.deliveries.filter((d) => d.target.memberId === wei.id).flatMap((d) => d.screens);
      };
      // Wednesday Dec 23 at 08:30 in Shanghai: not due yet.
      const before = await sentAt('2026-12-23T00:31:00Z');
      expect(before.flatMap(actionsOf).filter((a) => a.command.startsWith(`deal satisfaction D-${String(shanghai)}`))).toEqual([]);
      // Thursday Dec 24 at 08:30 in Shanghai: due.
      const due = await sentAt('2026-12-24T00:31:00Z');
      expect(due.map(renderText).join('\n')).toContain('到期的售后回访');
      const buttons = due.flatMap(actionsOf).filter((a) => a.command.startsWith(`deal satisfaction D-${String(shanghai)}`));
      expect(buttons.map((b) => b.label)).toEqual(['1 分', '2 分', '3 分', '4 分', '5 分', '评分并备注']);
    });

    it('removes an unrecorded follow-up on reopening and never duplicates one on winning again', async () => {
      const ref = await wonDeal('alice', 'Reopen Works');
      await demo.run(`/deal move ${ref} negotiation`, 'mike', WIN_AT);
      expect(await followUpsOf(ref)).toEqual([]);
      await demo.run(`/deal move ${ref} won`, 'alice', at('2026-11-25T15:00:00Z'));
      expect((await followUpsOf(ref)).map((f) => f.dueOn)).toEqual([at('2026-12-25T00:00:00Z')]);
      // A recorded score stays through a reopening and a second win.
      expect((await demo.run(`/deal satisfaction ${ref} 5 great`, 'alice', at('2026-11-26T15:00:00Z'))).text).toContain('5/5 recorded');
      await demo.run(`/deal move ${ref} negotiation`, 'mike', at('2026-11-27T15:00:00Z'));
      await demo.run(`/deal move ${ref} won`, 'alice', at('2026-11-28T15:00:00Z'));
      expect((await followUpsOf(ref)).map((f) => [f.dueOn, f.score, f.comment])).toEqual([[at('2026-12-25T00:00:00Z'), 5, 'great']]);
    });

    it('lists due follow-ups in the nudge with score buttons; a press records once', async () => {
      const ref = await wonDeal('alice', 'Nudge Pressers');
      // Before the due date the nudge does not ask.
      const early = await demo.run('/dealdesk digest now', 'alice', at('2026-12-22T14:00:00Z'));
      expect(early.text).not.toContain(ref + ' Nudge Pressers');
      const nudge = await demo.run('/dealdesk digest now', 'alice', at('2026-12-23T14:00:00Z'));
      expect(nudge.text).toContain('After-sales call-backs due');
      expect(nudge.text).toContain(`${ref} Nudge Pressers`);
      const buttons = actionsOf(nudge.screen).filter((a) => a.command.startsWith(`deal satisfaction ${ref}`));
      expect(buttons.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5', 'Score with comment']);
      expect(buttons[5]?.form).toBe('deal.satisfaction');
      const four = buttons[3]?.command ?? expect.unreachable('no button 4');
      expect((await demo.run(four, 'alice', at('2026-12-23T14:05:00Z'))).text).toContain(`Satisfaction 4/5 recorded for ${ref}`);
      const again = await demo.run(four.replace(/4$/, '2'), 'alice', at('2026-12-23T14:06:00Z'));
      expect(again.text).toContain(`${ref}’s satisfaction was already recorded: 4/5 on Dec 23, 2026`);
      expect((await followUpsOf(ref)).map((f) => f.score)).toEqual([4]);
      const events = await demo.db.dealEvent.count({
        where: { workspaceId: demo.workspaceId, type: 'satisfaction_recorded', deal: { number: Number(ref.slice(2)) } },
      });
      expect(events).toBe(1);
      expect((await demo.run(`/deal history ${ref}`, 'alice', at('2026-12-23T15:00:00Z'))).text).toContain('Satisfaction 4/5 recorded');
      // Recorded: the next nudge no longer lists it.
      expect((await demo.run('/dealdesk digest now', 'alice', at('2026-12-24T14:00:00Z'))).text).not.toContain(`${ref} Nudge Pressers`);
    });

    it('lets only the owner, their manager or an admin record, refuses a bad score and writes nothing then', async () => {
      const ref = await wonDeal('alice', 'Guarded Scores');
      const later = at('2026-12-23T15:00:00Z');
      expect((await demo.run(`/deal satisfaction ${ref} 4`, 'brian', later)).text).toContain(
        `Only Alice Carter, their manager or an admin can record ${ref}’s satisfaction.`,
      );
      expect((await demo.run(`/deal satisfaction ${ref} 4`, 'jing.chen', later)).text).toContain(
        `只有 Alice Carter、其经理或管理员可以记录 ${ref} 的满意度`,
      );
      expect((await demo.run(`/deal satisfaction ${ref} 7`, 'alice', later)).text).toContain(
        '“7” is not a score. Type a whole number from 1 to 5',
      );
      expect((await demo.run(`/deal satisfaction ${ref}`, 'alice', later)).text).toContain('Give a score from 1 to 5');
      expect((await followUpsOf(ref)).map((f) => f.recordedAt)).toEqual([null]);
      const open = createdDealRef((await demo.run('/deal new Still Open 5k proposal', 'alice', WIN_AT)).text);
      expect((await demo.run(`/deal satisfaction ${open} 4`, 'alice', later)).text).toContain(`${open} has no after-sales call-back`);
      expect((await demo.run(`/deal satisfaction ${ref} 2 slow onboarding`, 'mike', later)).text).toContain('2/5 recorded');
      const zh = await demo.run(`/deal satisfaction ${ref} 3`, 'dana', later);
      expect(zh.text).toContain('already recorded: 2/5');
    });

    it('lets admins set after-sales-days (0 = off) and refuses anyone else or a bad value', async () => {
      expect((await demo.run('/dealdesk settings after-sales-days 10', 'alice')).text).toMatch(/admin/i);
      expect((await demo.run('/dealdesk settings after-sales-days soon', 'dana')).text).toContain(
        '“soon” is not a number of days. Type a whole number from 0 (off) to 365.',
      );
      expect((await demo.run('/dealdesk settings after-sales-days 0', 'dana')).text).toMatch(/After-sales call-back\s+off/);
      const off = await wonDeal('alice', 'No Call Back');
      expect(await followUpsOf(off)).toEqual([]);
      expect((await demo.run('/dealdesk settings after-sales-days 45', 'dana')).text).toMatch(
        /After-sales call-back\s+45 days after a win/,
      );
      const later = await wonDeal('alice', 'Later Call Back');
      expect((await followUpsOf(later)).map((f) => f.dueOn)).toEqual([at('2027-01-07T00:00:00Z')]);
      await demo.run('/dealdesk settings after-sales-days 30', 'dana');
    });

    it('reports average, responses, due and unanswered and the accounts below 3 as plain SQL counts them', async () => {
      const rows = [
        ['Report One', 1, 'never called back'],
        ['Report Two', 3, null],
        ['Report Three', 5, null],
        ['Report Four', null, null],
      ] as const;
      for (const [account, score, comment] of rows) {
        const ref = await wonDeal('carmen', account, at('2026-11-10T15:00:00Z'));
        if (score !== null)
          await demo.run(`/deal satisfaction ${ref} ${String(score)}${comment ? ` ${comment}` : ''}`, 'carmen', at('2026-12-11T15:00:00Z'));
      }
      const now = at('2026-12-20T15:00:00Z');
      const report = await demo.run('/satisfaction team North America dec 2026', 'mike', now);
      const [sql] = await demo.db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
        SELECT COUNT(*) AS "scheduled", COUNT(f."score") AS "responses", SUM(f."score") AS "total",
               SUM(CASE WHEN f."dueOn" <= ${at('2026-12-20T00:00:00Z')} THEN 1 ELSE 0 END) AS "due",
               SUM(CASE WHEN f."dueOn" <= ${at('2026-12-20T00:00:00Z')} AND f."score" IS NULL THEN 1 ELSE 0 END) AS "unanswered"
        FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId" JOIN "Team" t ON t."id" = d."teamId"
        WHERE f."workspaceId" = ${demo.workspaceId} AND t."name" = 'North America'
          AND f."dueOn" >= ${at('2026-12-01T00:00:00Z')} AND f."dueOn" <= ${at('2026-12-31T00:00:00Z')}`);
      if (!sql) throw new Error('no row');
      const [scheduled, responses, total, due, unanswered] = ['scheduled', 'responses', 'total', 'due', 'unanswered'].map((k) =>
        num(sql[k]),
      );
      expect(scheduled).toBeGreaterThanOrEqual(rows.length);
      const average = (Math.round(((total ?? 0) * 10) / (responses ?? 1)) / 10).toFixed(1);
      expect(report.text).toMatch(new RegExp(`Average score\\s+${average} / 5`));
      expect(report.text).toMatch(new RegExp(`Responses\\s+${String(responses)} of ${String(scheduled)} call-backs`));
      expect(report.text).toMatch(new RegExp(`Due so far\\s+${String(due)}\\b`));
      expect(report.text).toMatch(new RegExp(`Due and unanswered\\s+${String(unanswered)}\\b`));
      const [low] = await demo.db.$queryRaw<Record<string, unknown>[]>(Prisma.sql`
        SELECT COUNT(*) AS "n" FROM "AfterSalesFollowUp" f JOIN "Deal" d ON d."id" = f."dealId" JOIN "Team" t ON t."id" = d."teamId"
        WHERE f."workspaceId" = ${demo.workspaceId} AND t."name" = 'North America' AND f."score" < 3
          AND f."dueOn" >= ${at('2026-12-01T00:00:00Z')} AND f."dueOn" <= ${at('2026-12-31T00:00:00Z')}`);
      expect(report.text).toContain('Report One');
      expect(report.text).toContain('1/5 · never called back · Carmen Diaz');
      expect((report.text.match(/\d\/5 · /g) ?? []).length).toBe(num(low?.n));
      expect(report.text).not.toContain('Report Two');
      // Same visibility as /funnel: a rep sees their own, not their team's.
      expect((await demo.run('/satisfaction team North America dec 2026', 'alice', now)).text).toContain(
        'You can see your own customers’ satisfaction, and a manager their team’s, but not North America’s.',
      );
      expect((await demo.run('/满意度 me 2026年12月', 'carmen', now)).text).toContain('Satisfaction · Carmen Diaz');
      // In Chinese too.
      await demo.run('/dealdesk language zh', 'carmen');
      expect((await demo.run('/satisfaction me dec 2026', 'carmen', now)).text).toContain('低于 3 分的客户');
      await demo.run('/dealdesk language en', 'carmen');
    });

    it('shows scores below 3 recorded since the last digest in the manager’s digest', async () => {
      const ref = await wonDeal('david', 'Digest Lowscore', at('2026-11-20T15:00:00Z'));
      // Wednesday Dec 23, 2026, 08:30 in New York is 13:30 UTC; the previous digest was Tuesday's.
      await demo.run(`/deal satisfaction ${ref} 1 support never answered`, 'david', at('2026-12-22T20:00:00Z'));
      const digest = await demo.run('/dealdesk digest now', 'mike', at('2026-12-23T13:30:00Z'));
      expect(digest.text).toContain('Low satisfaction · North America');
      expect(digest.text).toContain(`${ref} Digest Lowscore`);
      expect(digest.text).toContain('1/5 · support never answered · David Kim');
      // The next day's digest no longer lists it, and East China's manager never sees it.
      expect((await demo.run('/dealdesk digest now', 'mike', at('2026-12-24T13:30:00Z'))).text).not.toContain('Digest Lowscore');
      expect((await demo.run('/dealdesk digest now', 'jing.chen', at('2026-12-23T01:00:00Z'))).text).not.toContain('Digest Lowscore');
    });
  });
