// Bad input gets one clear sentence saying what to type instead, in the member's language, and the
// database is left exactly as it was.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, snapshot, type DemoWorkspace } from '../support/workspace.js';

const longName = 'A'.repeat(300);

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`refused commands on ${provider}`, () => {
    let demo: DemoWorkspace;
    let openDeal: string;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      const deal = await demo.db.deal
        .findFirstOrThrow({
          where: { workspaceId: demo.workspaceId, owner: { handle: 'alice' }, stage: 'proposal' },
          select: { number: true },
        })
        .catch(async () =>
          demo.db.deal.findFirstOrThrow({
            where: { workspaceId: demo.workspaceId, owner: { handle: 'alice' }, closedAt: null },
            select: { number: true },
          }),
        );
      openDeal = `D-${deal.number}`;
    });
    afterAll(() => demo.cleanup());

    const cases: { name: string; line: () => string; en: RegExp; zh: RegExp }[] = [
      {
        name: 'a negative amount',
        line: () => '/deal new Acme -5',
        en: /cannot be negative.*Type a positive amount such as 50k/,
        zh: /金额不能为负数.*例如 50k/,
      },
      {
        name: 'an unknown deal number',
        line: () => '/deal move D-999 won',
        en: /There is no deal D-999\. Type \/deal list/,
        zh: /没有商机 D-999。输入 \/deal list/,
      },
      {
        name: 'Lost without a reason',
        line: () => `/deal move ${openDeal} lost`,
        en: /A lost deal needs a reason\. Add it after the stage/,
        zh: /输单必须填写原因/,
      },
      {
        name: 'a 300-character account name',
        line: () => `/deal new ${longName} 50k`,
        en: /account name is too long \(at most 120 characters\)/,
        zh: /客户名称太长（最多 120 个字符）/,
      },
      {
        name: 'an unknown stage',
        line: () => '/deal new Acme 50k proposl',
        en: /“proposl” is not a stage\. Stages are: Lead, .*Did you mean Proposal\?/,
        zh: /“proposl”不是销售阶段。可用阶段：线索、.*您是不是想输入 方案？/,
      },
      {
        name: 'an unreadable amount',
        line: () => '/deal new Acme lots',
        en: /Add the amount after the account/,
        zh: /请在客户名称后写金额/,
      },
      {
        name: 'a close date in the past',
        line: () => '/deal new Acme 50k close 2026-01-15',
        en: /already past\. Type a future date/,
        zh: /已经过去。请输入将来的日期/,
      },
      {
        name: 'an unknown command',
        line: () => '/dael new Acme 5k',
        en: /is not a DealDesk command.*Did you mean \/deal\?/,
        zh: /不是 DealDesk 命令.*您是不是想输入 \/deal？/,
      },
    ];

    for (const c of cases) {
      it(`answers ${c.name} in English and writes nothing`, async () => {
        const before = await snapshot(demo.db, demo.workspaceId);
        const { screen } = await demo.run(c.line(), 'alice');
        expect(screen.kind).toBe('error');
        const sentence = screen.blocks.find((b) => b.type === 'text');
        expect(sentence?.type === 'text' && sentence.text).toMatch(c.en);
        expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
      });

      it(`answers ${c.name} in Chinese for a zh-CN member and writes nothing`, async () => {
        const before = await snapshot(demo.db, demo.workspaceId);
        // wei.zhang is an East China rep whose language is zh-CN; give them the same deal to act on.
        const line = c.line().replace(openDeal, openDeal);
        const { screen } = await demo.run(line, 'wei.zhang');
        expect(screen.kind).toBe('error');
        const sentence = screen.blocks.find((b) => b.type === 'text');
        const text = sentence?.type === 'text' ? sentence.text : '';
        // Lost-without-reason on someone else's deal is refused for ownership first; both are fine refusals.
        if (c.name === 'Lost without a reason') expect(text).toMatch(/输单必须填写原因|属于/);
        else expect(text).toMatch(c.zh);
        expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
      });
    }

    it('refuses a rep changing another rep’s deal, and lets their manager do it', async () => {
      const before = await snapshot(demo.db, demo.workspaceId);
      const refused = await demo.run(`/deal update ${openDeal} amount 60k`, 'brian');
      expect(refused.screen.kind).toBe('error');
      expect(refused.text).toMatch(new RegExp(`${openDeal} belongs to Alice Carter; you can change only your own deals`));
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);

      const otherManager = await demo.run(`/deal update ${openDeal} amount 60k`, 'sophie');
      expect(otherManager.screen.kind).toBe('error');
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);

      const allowed = await demo.run(`/deal update ${openDeal} amount 60k`, 'mike');
      expect(allowed.screen.kind).toBe('deal_card');
      expect(allowed.text).toContain('$60,000.00');
    });

    it('refuses settings changes from a non-admin', async () => {
      const before = await snapshot(demo.db, demo.workspaceId);
      const { text } = await demo.run('/dealdesk settings currency CNY', 'mike');
      expect(text).toMatch(/Only a workspace admin can change settings/);
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
    });

    it('refuses a quota set by a rep', async () => {
      const before = await snapshot(demo.db, demo.workspaceId);
      const { text } = await demo.run('/quota set @brian 1m 2026-Q4', 'alice');
      expect(text).toMatch(/You cannot set the quota of Brian/);
      expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
    });
  });
}
