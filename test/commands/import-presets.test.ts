import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { execute } from '../../src/commands/execute.js';
import { renderText } from '../../src/views/render/text.js';
import { runImportJob } from '../../src/jobs/import-runner.js';
import { memberScope, teamScope } from '../../src/store/quotas.js';

const FIXTURES = 'test/fixtures/csv';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/dealdesk import of each preset's sample file (${provider})`, () => {
    let demo: DemoWorkspace;
    beforeEach(async () => {
      demo = await demoWorkspace(provider);
    });
    afterEach(async () => {
      await demo.cleanup();
    });

    /** The dry run of a fixture as Dana (admin): its text, and the job it left. */
    async function check(file: string) {
      const ctx = await demo.contextFor('dana');
      const content = await readFile(`${FIXTURES}/${file}`);
      const result = await execute('dealdesk import', { ...ctx, attachedFiles: () => Promise.resolve([{ name: file, content }]) });
      const job = await demo.db.importJob.findFirstOrThrow({ where: { workspaceId: demo.workspaceId }, orderBy: { createdAt: 'desc' } });
      return { text: renderText(result.screen), job };
    }

    /** Dry run, Import pressed, the run to the end. */
    async function importFile(file: string) {
      const { text, job } = await check(file);
      await demo.run(`dealdesk import run ${job.id}`, 'dana');
      const done = await runImportJob(demo.db, job.id, { workerId: 'test', now: demo.now });
      expect(done?.status).toBe('done');
      return { text, done, job };
    }

    const deal = (externalId: string) =>
      demo.db.deal.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, externalId },
        include: { owner: { select: { handle: true } }, account: { select: { name: true } } },
      });
    const day = (date: Date | null) => date?.toISOString().slice(0, 10);

    it('HubSpot deals: labels and internal stage ids, owners by name or e-mail, Won and Lost in the past', async () => {
      const { text, done } = await importFile('hubspot-deals.csv');
      expect(text).toMatch(/12 rows · hubspot · deals/);
      expect(text).toMatch(/would be created\s+12/);
      expect(done?.createdRows).toBe(12);
      const won = await deal('9876543201');
      expect([won.stage, won.amountMinor, won.currency, day(won.closeDate), won.owner.handle]).toEqual([
        'won',
        12_000_000n,
        'USD',
        '2026-09-15',
        'alice',
      ]);
      expect(won.closedAt?.getTime()).toBeLessThan(demo.now.getTime());
      expect(won.createdAt.toISOString()).toBe('2026-06-01T09:30:00.000Z');
      const lost = await deal('9876543210');
      expect([lost.stage, lost.lostReason]).toEqual(['lost', 'Budget cut']);
      const byEmail = await deal('9876543204');
      expect([byEmail.owner.handle, byEmail.stage, byEmail.currency, byEmail.amountMinor]).toEqual([
        'carmen',
        'proposal',
        'EUR',
        8_000_000n,
      ]);
      expect((await deal('9876543203')).stage).toBe('negotiation');
      expect((await deal('9876543208')).stage).toBe('won');
      expect((await deal('9876543212')).stage).toBe('qualified');
      expect((await deal('9876543202')).sourceChannel).toBe('online');
      expect((await deal('9876543211')).account.name).toBe('Acme Shanghai');
    });

    it('Zoho CRM deals: default stages (Closed-Lost to Competition too), lead sources as channels', async () => {
      const { text, done } = await importFile('zoho-deals.csv');
      expect(text).toMatch(/12 rows · zoho · deals/);
      expect(done?.createdRows).toBe(12);
      const lost = await deal('4876876000000412010');
      expect([lost.stage, lost.lostReason, day(lost.closeDate)]).toEqual(['lost', 'Lost to a local firm', '2026-11-05']);
      expect((await deal('4876876000000412012')).stage).toBe('needs_analysis');
      expect((await deal('4876876000000412009')).stage).toBe('needs_analysis');
      expect((await deal('4876876000000412004')).stage).toBe('proposal');
      const partner = await deal('4876876000000412001');
      expect([partner.stage, partner.sourceChannel, partner.owner.handle, partner.amountMinor]).toEqual([
        'won',
        'partner',
        'carmen',
        12_000_000n,
      ]);
      expect((await deal('4876876000000412005')).sourceChannel).toBe('online');
      expect((await deal('4876876000000412003')).sourceChannel).toBe('direct');
      const gbp = await deal('4876876000000412006');
      expect([gbp.currency, gbp.amountMinor]).toEqual(['GBP', 1_500_000n]);
    });

    it('Fxiaoke 纷享销客 opportunities: Chinese stages, owners by name, ¥ amounts and 人民币', async () => {
      const { text, done } = await importFile('fxiaoke-opportunities.csv');
      expect(text).toMatch(/12 rows · fxiaoke · deals/);
      expect(done?.createdRows).toBe(12);
      const won = await deal('SJ-20260601-0001');
      expect([won.title, won.account.name, won.owner.handle, won.stage, won.currency, won.amountMinor, day(won.closeDate)]).toEqual([
        '华东区平台续约',
        '上海明远科技有限公司',
        'wei.zhang',
        'won',
        'CNY',
        120_000_000n,
        '2026-09-15',
      ]);
      const lost = await deal('SJ-20260712-0002');
      expect([lost.stage, lost.lostReason, lost.sourceChannel]).toEqual(['lost', '竞品价格更低', 'online']);
      expect((await deal('SJ-20261015-0004')).stage).toBe('proposal');
      expect((await deal('SJ-20261001-0003')).stage).toBe('negotiation');
      expect((await deal('SJ-20261110-0006')).stage).toBe('lead');
      expect((await deal('SJ-20260920-0007')).sourceChannel).toBe('partner');
      expect((await deal('SJ-20261120-0012')).owner.handle).toBe('jing.chen');
    });

    it('the same Fxiaoke file saved as GB18030/GBK by Chinese Excel reads the same: the UTF-8 file then changes nothing', async () => {
      const gbk = await readFile(`${FIXTURES}/fxiaoke-opportunities-gbk.csv`);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
      const { done } = await importFile('fxiaoke-opportunities-gbk.csv');
      expect(done?.createdRows).toBe(12);
      expect((await deal('SJ-20260303-0008')).title).toBe('亚太推广');
      const utf8 = await check('fxiaoke-opportunities.csv');
      expect(utf8.text).toMatch(/unchanged \(nothing written\)\s+12/);
    });

    it('DealDesk quotas: team and member quotas for a quarter and a month, as /quota set writes them', async () => {
      const { text, done } = await importFile('dealdesk-quotas.csv');
      expect(text).toMatch(/6 rows · dealdesk · quotas/);
      // The demo already has some of these quotas: those are replaced, or left as they are when equal.
      expect(done?.processedRows).toBe(6);
      expect((done?.createdRows ?? 0) + (done?.updatedRows ?? 0) + (done?.skippedRows ?? 0)).toBe(6);
      const id = async (handle: string) =>
        (await demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle }, select: { id: true } })).id;
      const team = async (name: string) =>
        (await demo.db.team.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, name }, select: { id: true } })).id;
      const quota = (scopeKey: string, periodKey: string) =>
        demo.db.quota.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, scopeKey, periodKey } });
      const na = await quota(teamScope(await team('North America')), '2027-Q1');
      expect([na.amountMinor, na.currency, day(na.periodStart), day(na.periodEnd), na.setById]).toEqual([
        60_000_000n,
        'USD',
        '2027-01-01',
        '2027-03-31',
        await id('dana'),
      ]);
      expect((await quota(teamScope(await team('East China')), '2027-Q1')).currency).toBe('CNY');
      expect((await quota(memberScope(await id('carmen')), '2027-Q1')).amountMinor).toBe(15_000_000n);
      expect((await quota(memberScope(await id('wei.zhang')), '2027-Q1')).amountMinor).toBe(90_000_000n);
      const month = await quota(memberScope(await id('oliver')), '2027-01');
      expect([day(month.periodStart), day(month.periodEnd), month.amountMinor]).toEqual(['2027-01-01', '2027-01-31', 4_000_000n]);
      const shown = await demo.run('quota team North America Q1 2027', 'mike');
      expect(shown.text).toContain('$600K');
    });

    it('DealDesk accounts: grades, regions and channels; the export’s formula guard is taken off', async () => {
      const { done } = await importFile('dealdesk-accounts.csv');
      const account = (name: string) => demo.db.account.findFirst({ where: { workspaceId: demo.workspaceId, name } });
      expect((done?.createdRows ?? 0) + (done?.updatedRows ?? 0)).toBe(4);
      const globex = await account('Globex Corporation');
      expect([globex?.grade, globex?.region, globex?.channel]).toEqual(['A', 'North America', 'direct']);
      expect((await account('Initech'))?.channel).toBe('partner');
      expect((await account('上海明远科技有限公司'))?.region).toBe('华东');
      expect((await account('=HYPERLINK(evil)'))?.grade).toBe('C');
      expect(await account("'=HYPERLINK(evil)")).toBeNull();
    });

    it('DealDesk rates: exchange rates into the reporting currency, as /dealdesk rates set writes them', async () => {
      const { done } = await importFile('dealdesk-rates.csv');
      expect((done?.createdRows ?? 0) + (done?.updatedRows ?? 0)).toBe(4);
      const rates = await demo.db.exchangeRate.findMany({
        where: { workspaceId: demo.workspaceId, effectiveDate: { in: [new Date('2026-10-01'), new Date('2026-11-01')] } },
        orderBy: { currency: 'asc' },
      });
      expect(rates.map((r) => [r.currency, r.quoteCurrency, r.rate, day(r.effectiveDate)])).toEqual([
        ['CNY', 'USD', '0.1381', '2026-10-01'],
        ['EUR', 'USD', '1.0712', '2026-10-01'],
        ['GBP', 'USD', '1.265', '2026-11-01'],
        ['JPY', 'USD', '0.006612', '2026-11-01'],
      ]);
      const shown = await demo.run('dealdesk rates', 'dana');
      expect(shown.text).toContain('0.006612');
    });
  });
}
