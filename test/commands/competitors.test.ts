// Competitors on deals (`/deal update … competitor`, `lostto`, `/deal move … lost to …`) and `/competitors`, as users see them.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { formFor, submitForm } from '../../src/commands/forms.js';
import { renderText } from '../../src/views/render/text.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`competitors on deals on ${provider}`, () => {
    let demo: DemoWorkspace;
    let deal: string;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
      const created = await demo.run('/deal new Rival Test Co 40k proposal', 'alice');
      deal = /D-\d+/.exec(created.text)?.[0] ?? '';
    });
    afterAll(() => demo.cleanup());

    it('adds a competitor by name, matched case-insensitively, and shows it on the card and in the history', async () => {
      const added = await demo.run(`/deal update ${deal} competitor Oracle`, 'alice');
      expect(added.error).toBeUndefined();
      expect(added.text).toMatch(/Competitors\s+Oracle/);
      const second = await demo.run(`/deal update ${deal} competitor sap`, 'alice');
      expect(second.text).toMatch(/Competitors\s+Oracle, sap/);
      // The same name in another case is the same competitor.
      const again = await demo.run(`/deal update ${deal} competitor ORACLE`, 'alice');
      expect(again.error?.code).toBe('competitors.already');
      expect(again.text).toContain(`${deal} already names Oracle, sap`);
      const history = await demo.run(`/deal history ${deal}`, 'alice');
      expect(history.text).toContain('Competitor added: Oracle');
      expect(history.text).toContain('Competitor added: sap');
    });

    it('removes one with a minus or "remove", and says which ones it names when the name is not there', async () => {
      const removed = await demo.run(`/deal update ${deal} competitor -SAP`, 'alice');
      expect(removed.error).toBeUndefined();
      expect(removed.text).toMatch(/Competitors\s+Oracle/);
      expect(removed.text).not.toContain('sap');
      const absent = await demo.run(`/deal update ${deal} competitor remove Workday`, 'alice');
      expect(absent.error?.code).toBe('competitors.not_named');
      expect(absent.text).toContain('does not name “Workday” as a competitor');
      expect(absent.text).toContain('It names: Oracle');
      expect((await demo.run(`/deal history ${deal}`, 'alice')).text).toContain('Competitor removed: sap');
    });

    it('refuses bad input with one sentence and writes nothing', async () => {
      const before = await demo.db.dealEvent.count({ where: { workspaceId: demo.workspaceId } });
      const empty = await demo.run(`/deal update ${deal} competitor ,`, 'alice');
      expect(empty.error?.code).toBe('competitors.name_missing');
      expect(empty.text).toContain('/deal update D-42 competitor Oracle');
      const long = await demo.run(`/deal update ${deal} competitor ${'x'.repeat(81)}`, 'alice');
      expect(long.error?.code).toBe('competitors.name_too_long');
      const notLost = await demo.run(`/deal update ${deal} lostto Oracle`, 'alice');
      expect(notLost.error?.code).toBe('competitors.lost_to_not_lost');
      const unknown = await demo.run('/deal update D-99999 competitor Oracle', 'alice');
      expect(unknown.error).toBeDefined();
      expect(unknown.text).toContain('D-99999');
      expect(await demo.db.dealEvent.count({ where: { workspaceId: demo.workspaceId } })).toBe(before);
      expect(await demo.db.competitor.count({ where: { workspaceId: demo.workspaceId, nameKey: 'x'.repeat(81) } })).toBe(0);
    });

    it('refuses another rep’s deal, as for any other change', async () => {
      const refused = await demo.run(`/deal update ${deal} competitor Salesforce`, 'brian');
      expect(refused.error?.code).toBe('deal.forbidden');
      expect(refused.text).not.toMatch(/Competitors.*Salesforce/);
      expect(await demo.db.competitor.count({ where: { workspaceId: demo.workspaceId, nameKey: 'salesforce' } })).toBe(0);
      // Her manager may.
      expect((await demo.run(`/deal update ${deal} competitor Salesforce`, 'mike')).text).toMatch(/Competitors\s+Oracle, Salesforce/);
    });

    it('moves a deal to Lost to a competitor, names it on the deal, and sets lost-to later', async () => {
      const other = /D-\d+/.exec((await demo.run('/deal new Lost Test Co 20k proposal', 'alice')).text)?.[0] ?? '';
      const lost = await demo.run(`/deal move ${other} lost to Workday: price`, 'alice');
      expect(lost.error).toBeUndefined();
      expect(lost.text).toMatch(/Lost reason\s+price/);
      expect(lost.text).toMatch(/Competitors\s+Workday \(lost to them\)/);
      const history = await demo.run(`/deal history ${other}`, 'alice');
      expect(history.text).toContain('Lost to: (none) → Workday');
      expect(history.text).toContain('Competitor added: Workday');
      const changed = await demo.run(`/deal update ${other} lostto oracle`, 'alice');
      expect(changed.error).toBeUndefined();
      expect(changed.text).toContain('Oracle (lost to them)');
      expect(changed.text).toContain('Workday');
      expect((await demo.run(`/deal history ${other}`, 'alice')).text).toContain('Lost to: Workday → Oracle');
      const row = await demo.db.deal.findFirstOrThrow({
        where: { workspaceId: demo.workspaceId, number: Number(other.slice(2)) },
        select: { lostTo: { select: { name: true } }, lostReason: true },
      });
      expect(row).toEqual({ lostTo: { name: 'Oracle' }, lostReason: 'price' });
      // Without a colon, one word names who won, and the reason says so.
      const third = /D-\d+/.exec((await demo.run('/deal new Third Test Co 10k proposal', 'alice')).text)?.[0] ?? '';
      const short = await demo.run(`/deal move ${third} lost to SAP`, 'alice');
      expect(short.text).toMatch(/Lost reason\s+Lost to SAP/);
      expect(short.text).toContain('sap (lost to them)');
    });

    it('takes competitors from the New deal form, and who won from the lost form', async () => {
      const ctx = await demo.contextFor('alice');
      const form = await formFor('deal.new', 'deal', ctx);
      const bad = await submitForm(form, { account: 'Form Rival Co', amount: '30k', competitors: `Oracle, ${'y'.repeat(81)}` }, ctx);
      expect(bad.error).toMatchObject({ field: 'competitors' });
      expect(await demo.db.account.count({ where: { workspaceId: demo.workspaceId, name: 'Form Rival Co' } })).toBe(0);
      const created = renderText(
        (await submitForm(form, { account: 'Form Rival Co', amount: '30k', competitors: 'oracle, Kingdee' }, ctx)).screen,
      );
      expect(created).toMatch(/Competitors\s+Kingdee, Oracle/);
      const ref = /D-\d+/.exec(created)?.[0] ?? '';
      const lostForm = await formFor('deal.lost', `deal move ${ref} lost`, ctx);
      expect(lostForm.fields.map((field) => field.name)).toEqual(['reason', 'lostTo']);
      const lost = renderText((await submitForm(lostForm, { reason: 'price', lostTo: 'kingdee' }, ctx)).screen);
      expect(lost).toMatch(/Competitors\s+Kingdee \(lost to them\), Oracle/);
      expect(lost).toMatch(/Lost reason\s+price/);
    });

    it('speaks Chinese to a Chinese user', async () => {
      await demo.run('/dealdesk language zh', 'alice');
      const zh = await demo.run(`/deal update ${deal} competitor 华为`, 'alice');
      expect(zh.text).toMatch(/竞争对手\s+Oracle, Salesforce, 华为/);
      const bad = await demo.run(`/deal update ${deal} competitor -金蝶`, 'alice');
      expect(bad.text).toContain('没有列出竞争对手“金蝶”');
      const zhDeal = /D-\d+/.exec((await demo.run('/deal new 中文测试 10k proposal', 'alice')).text)?.[0] ?? '';
      const zhLost = await demo.run(`/deal move ${zhDeal} 输单 输给 金蝶：价格`, 'alice');
      expect(zhLost.text).toMatch(/输单原因\s+价格/);
      expect(zhLost.text).toMatch(/竞争对手\s+金蝶（输给对方）/);
      await demo.run('/dealdesk language en', 'alice');
    });
  });
}
