import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { createdDealRef, dealNumberIn, demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { actionsOf } from '../../src/views/screen.js';
import { applyDealChange, findDealByNumber } from '../../src/store/deals.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`deal commands on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    const dealRow = (number: number) =>
      demo.db.deal.findUniqueOrThrow({
        where: { workspaceId_number: { workspaceId: demo.workspaceId, number } },
        include: { events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] }, account: true, owner: true },
      });

    it('creates a deal with the next number, its account and a created event', async () => {
      const { nextDealNumber } = await demo.db.workspace.findUniqueOrThrow({ where: { id: demo.workspaceId } });
      const { text, screen } = await demo.run('/deal new Globex Corporation 1.2m negotiation close 2027-01-15 Platform renewal', 'alice');
      expect(screen.kind).toBe('deal_card');
      const number = dealNumberIn(text);
      expect(number).toBe(nextDealNumber);
      const deal = await dealRow(number);
      expect(deal.account.name).toBe('Globex Corporation');
      expect(deal.title).toBe('Platform renewal');
      expect(deal.amountMinor).toBe(120_000_000n);
      expect(deal.currency).toBe('USD');
      expect(deal.stage).toBe('negotiation');
      expect(deal.forecastCategory).toBe('commit');
      expect(deal.closeDate?.toISOString()).toBe('2027-01-15T00:00:00.000Z');
      expect(deal.owner.handle).toBe('alice');
      expect(deal.events.map((e) => [e.type, e.toStage])).toEqual([['created', 'negotiation']]);
      expect(text).toContain('$1,200,000.00');
      expect(text).toContain('Jan 15, 2027');
    });

    it('reads a currency after the amount and a stage in Chinese', async () => {
      const { text } = await demo.run('/deal new 华东电力 80000 CNY 方案', 'wei.zhang');
      const deal = await dealRow(Number(/D-(\d+)/.exec(text)?.[1]));
      expect([deal.amountMinor, deal.currency, deal.stage]).toEqual([8_000_000n, 'CNY', 'proposal']);
      expect(text).toContain('已创建');
      expect(text).toContain('¥80,000.00');
    });

    it('reads relative dates in the member’s own time zone', async () => {
      // 20:00 UTC on Monday 23 November is already Tuesday 04:00 in Shanghai but Monday 15:00 in New York.
      const at = new Date('2026-11-23T20:00:00Z');
      const ny = await demo.run('/deal new Initech 10k close tomorrow', 'alice', at);
      const sh = await demo.run('/deal new Initech Asia 10k close tomorrow', 'wei.zhang', at);
      expect((await dealRow(dealNumberIn(ny.text))).closeDate?.toISOString().slice(0, 10)).toBe('2026-11-24');
      expect((await dealRow(Number(/D-(\d+)/.exec(sh.text)?.[1]))).closeDate?.toISOString().slice(0, 10)).toBe('2026-11-25');
    });

    it('moves a deal, records the event and closes it as won', async () => {
      const number = dealNumberIn((await demo.run('/deal new Umbrella 40k qualified', 'alice')).text);
      const moved = await demo.run(`/deal move D-${number} needs analysis`, 'alice');
      expect(moved.text).toContain(`D-${number} moved from Qualified to Needs analysis`);
      const won = await demo.run(`/deal move D-${number} won`, 'alice');
      expect(won.effects?.map((e) => e.type)).toEqual(['deal_changed', 'deal_won']);
      const deal = await dealRow(number);
      expect(deal.stage).toBe('won');
      expect(deal.closedAt?.toISOString()).toBe(demo.now.toISOString());
      expect(deal.forecastCategory).toBe('closed');
      expect(deal.version).toBe(3);
      expect(deal.events.map((e) => `${e.type}:${e.fromStage ?? ''}>${e.toStage ?? ''}`)).toEqual([
        'created:>qualified',
        'stage_changed:qualified>needs_analysis',
        'stage_changed:needs_analysis>won',
      ]);
    });

    it('lets only a manager reopen a closed deal, and records a lost reason', async () => {
      const number = dealNumberIn((await demo.run('/deal new Hooli 25k proposal', 'alice')).text);
      await demo.run(`/deal move D-${number} lost Chose a competitor`, 'alice');
      expect((await dealRow(number)).lostReason).toBe('Chose a competitor');
      const refused = await demo.run(`/deal move D-${number} proposal`, 'alice');
      expect(refused.text).toMatch(/only a manager or an admin can reopen it/);
      const reopened = await demo.run(`/deal move D-${number} proposal`, 'mike');
      expect(reopened.screen.kind).toBe('deal_card');
      const deal = await dealRow(number);
      expect([deal.stage, deal.closedAt, deal.lostReason, deal.forecastCategory]).toEqual(['proposal', null, null, 'best']);
    });

    it('logs a follow-up with its kind, event and last-activity time', async () => {
      const number = dealNumberIn((await demo.run('/deal new Vandelay 15k', 'alice')).text);
      const later = new Date(demo.now.getTime() + 3_600_000);
      const { text } = await demo.run(`/deal note D-${number} call: spoke with the CFO about budget`, 'alice', later);
      expect(text).toContain(`Call logged on D-${number}`);
      expect(text).toContain('Call: spoke with the CFO about budget');
      const deal = await dealRow(number);
      expect(deal.lastActivityAt.toISOString()).toBe(later.toISOString());
      expect(deal.events.at(-1)?.type).toBe('note');
      const activity = await demo.db.activity.findFirstOrThrow({ where: { dealId: deal.id } });
      expect([activity.kind, activity.text]).toEqual(['call', 'spoke with the CFO about budget']);
    });

    it('updates amount, close date, next step with a due date, category and owner', async () => {
      const number = dealNumberIn((await demo.run('/deal new Stark Industries 90k proposal', 'alice')).text);
      await demo.run(`/deal update D-${number} amount 95,500`, 'alice');
      await demo.run(`/deal update D-${number} close eom`, 'alice');
      await demo.run(`/deal update D-${number} next "Send the revised quote" fri`, 'alice');
      await demo.run(`/deal update D-${number} category commit`, 'alice');
      const handover = await demo.run(`/deal update D-${number} owner @brian`, 'mike');
      expect(handover.text).toContain('Brian');
      const deal = await dealRow(number);
      expect(deal.amountMinor).toBe(9_550_000n);
      expect(deal.closeDate?.toISOString().slice(0, 10)).toBe('2026-11-30');
      expect(deal.nextStep).toBe('Send the revised quote');
      expect(deal.nextStepDue?.toISOString().slice(0, 10)).toBe('2026-11-27');
      expect(deal.forecastCategory).toBe('commit');
      expect(deal.owner.handle).toBe('brian');
      expect(deal.events.map((e) => e.type)).toEqual([
        'created',
        'amount_changed',
        'close_date_changed',
        'next_step_changed',
        'category_changed',
        'owner_changed',
      ]);
      expect(deal.events[1]?.before).toEqual({ amountMinor: 9_000_000, currency: 'USD' });
      const refused = await demo.run(`/deal update D-${number} owner @alice`, 'brian');
      expect(refused.text).toMatch(/Only a manager or an admin can hand a deal/);
    });

    it('answers an ambiguous fragment with a pick list whose buttons finish the command', async () => {
      await demo.run('/deal new Wayne Enterprises 10k', 'alice');
      await demo.run('/deal new Wayne Foods 20k', 'alice');
      const { screen } = await demo.run('/deal note wayne call: intro', 'alice');
      expect(screen.kind).toBe('pick_list');
      const choices = actionsOf(screen);
      expect(choices.length).toBeGreaterThanOrEqual(2);
      expect(choices[0]?.command).toMatch(/^deal note D-\d+ call: intro$/);
      const picked = await demo.run(choices[0]!.command, 'alice');
      expect(picked.text).toContain('Call logged on');
      const unique = await demo.run('/deal show wayne foods', 'alice');
      expect(unique.text).toContain('Wayne Foods');
    });

    it('suggests close deals for an unknown fragment', async () => {
      const { text } = await demo.run('/deal show Wayen Foods', 'alice');
      expect(text).toMatch(/No deal matches “Wayen Foods”.*Did you mean D-\d+ Wayne Foods/);
    });

    it('pages a long list with buttons that carry the filter', async () => {
      const first = await demo.run('/deal list all', 'dana');
      const next = actionsOf(first.screen).find((a) => a.id === 'page.next');
      expect(next?.command).toBe('deal list all page 2');
      const second = await demo.run(next!.command, 'dana');
      expect(second.text).toMatch(/11–20 of \d+ · page 2 of/);
    });

    it('lists next steps due with each step and its due date', async () => {
      const number = dealNumberIn((await demo.run('/deal new Due Today Co 12k', 'alice')).text);
      await demo.run(`/deal update D-${number} next "Call the CFO" today`, 'alice');
      const { text } = await demo.run('/deal list mine due', 'alice');
      expect(text).toContain(`D-${number} Due Today Co — Call the CFO (due Nov 23, 2026)`);
    });

    it('refuses a write based on a stale version (two people at once)', async () => {
      const number = dealNumberIn((await demo.run('/deal new Cyberdyne 30k', 'alice')).text);
      const deal = await findDealByNumber(demo.db, demo.workspaceId, number);
      const change = {
        workspaceId: demo.workspaceId,
        dealId: deal!.id,
        expectedVersion: deal!.version,
        actorId: deal!.owner.id,
        now: demo.now,
        events: [{ type: 'category_changed' }],
      };
      await applyDealChange(demo.db, { ...change, data: { forecastCategory: 'best' } });
      await expect(applyDealChange(demo.db, { ...change, data: { forecastCategory: 'commit' } })).rejects.toMatchObject({
        code: 'deal.changed_concurrently',
      });
      const after = await dealRow(number);
      expect([after.forecastCategory, after.version, after.events.length]).toEqual(['best', 2, 2]);
    });

    it('sets and replaces a quota (manager for a team member)', async () => {
      const set = await demo.run('/quota set @brian 120k 2027-Q2', 'mike');
      expect(set.text).toContain('Quota for Brian Lee, Q2 2027: $120,000.00.');
      const replaced = await demo.run('/quota set @brian 130k 2027-Q2', 'mike');
      expect(replaced.text).toContain('(was $120,000.00)');
      const rows = await demo.db.quota.findMany({ where: { workspaceId: demo.workspaceId, periodKey: '2027-Q2' } });
      expect(rows.map((q) => q.amountMinor)).toEqual([13_000_000n]);
      const outside = await demo.run('/quota set @oliver 1m 2027-Q2', 'mike');
      expect(outside.text).toMatch(/You cannot set the quota of Oliver/);
    });

    it('switches a member’s language and lets an admin change settings', async () => {
      const zh = await demo.run('/dealdesk language zh', 'brian');
      expect(zh.text).toContain('DealDesk 今后将用中文回复您');
      expect((await demo.run('/pipeline', 'brian')).text).toContain('销售管道');
      await demo.run('/dealdesk language en', 'brian');
      const settings = await demo.run('/dealdesk settings stale-days 21', 'dana');
      expect(settings.text).toContain('21 days without activity');
      const ws = await demo.db.workspace.findUniqueOrThrow({ where: { id: demo.workspaceId } });
      expect(ws.staleAfterDays).toBe(21);
      await demo.run('/dealdesk settings stale-days 14', 'dana');
    });

    it('opens the New deal form for a bare /deal and shows help', async () => {
      const form = await demo.run('/deal', 'alice');
      expect(form.screen.form?.fields.map((f) => f.name)).toEqual(['account', 'amount', 'stage', 'close', 'title', 'competitors']);
      for (const line of ['/dealdesk help', '/dealdesk', 'help']) {
        const help = await demo.run(line, 'alice');
        expect(help.text).toContain('/deal new Acme 50k proposal');
        expect(help.text).toContain('sample data');
      }
      const home = await demo.run('/dealdesk home', 'alice');
      expect(home.text).toContain('Discount approvals');
      expect(home.text).toContain('Quota · Alice Carter');
      expect(home.text).toContain('Alice Carter · Open deals · next steps due');
      const typo = await demo.run('/deal mvoe D-1 won', 'alice');
      expect(typo.text).toMatch(/“mvoe” is not something \/deal can do.*Did you mean \/deal move\?/);
    });
  });
}

describe('quota for the whole workspace', () => {
  it('counts deals won by people in no team in a row of their own', async () => {
    const demo = await demoWorkspace('sqlite');
    try {
      const created = await demo.run('/deal new Admin Sold Co 40k negotiation', 'dana');
      await demo.run(`/deal move ${createdDealRef(created.text)} won`, 'dana');
      const { screen } = await demo.run('/quota all', 'dana');
      const table = screen.blocks.find((b) => b.type === 'table');
      const rows = table?.type === 'table' ? table.rows : [];
      expect(rows.map((row) => row[0])).toContain('No team');
      expect(rows.find((row) => row[0] === 'No team')?.[2]).toBe('$40K');
    } finally {
      await demo.cleanup();
    }
  });
});
