// Exchange rates: admins keep them per currency and date; reports convert into the workspace's
// reporting currency with the rate in force on each amount's date, and name what has no rate.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/dealdesk rates on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    const stored = () =>
      demo.db.exchangeRate.findMany({
        where: { workspaceId: demo.workspaceId },
        select: { currency: true, quoteCurrency: true, rate: true, effectiveDate: true },
        orderBy: [{ currency: 'asc' }, { effectiveDate: 'asc' }],
      });

    it('lets an admin set rates, today in the workspace zone by default, and lists the latest first', async () => {
      expect((await demo.run('/dealdesk rates', 'alice')).text).toContain('No exchange rates yet');
      const set = await demo.run('/dealdesk rates set cny 0.1378', 'dana');
      expect(set.text).toContain('Saved: 1 CNY = 0.1378 USD from Nov 23, 2026.');
      await demo.run('/dealdesk rates set CNY 0.1400 2026-10-01', 'dana');
      await demo.run('/dealdesk rates set EUR 1.08 2026-11-01', 'dana');
      // The same day again replaces that day's rate.
      await demo.run('/dealdesk rates set EUR 1.0823 2026-11-01', 'dana');
      expect(await stored()).toEqual([
        { currency: 'CNY', quoteCurrency: 'USD', rate: '0.14', effectiveDate: new Date('2026-10-01T00:00:00Z') },
        { currency: 'CNY', quoteCurrency: 'USD', rate: '0.1378', effectiveDate: new Date('2026-11-23T00:00:00Z') },
        { currency: 'EUR', quoteCurrency: 'USD', rate: '1.0823', effectiveDate: new Date('2026-11-01T00:00:00Z') },
      ]);
      const list = (await demo.run('/dealdesk rates', 'alice')).text;
      const order = ['1 CNY = 0.1378 USD', '1 EUR = 1.0823 USD', '1 CNY = 0.14 USD'].map((text) => list.indexOf(text));
      expect(order.every((at) => at >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect((await demo.run('/dealdesk rates', 'wei.zhang')).text).toContain('换算为 USD 的汇率');
    });

    it('refuses non-admins and bad input with what to type, and writes nothing', async () => {
      const before = JSON.stringify(await stored());
      const refusals: [string, string, RegExp][] = [
        ['/dealdesk rates set CNY 0.15', 'mike', /Only a workspace admin/],
        ['/dealdesk rates set XYZ 0.15', 'dana', /“XYZ” is not a currency code/],
        ['/dealdesk rates set CNY abc', 'dana', /“abc” is not a rate\. Type a positive decimal/],
        ['/dealdesk rates set CNY 0', 'dana', /“0” is not a rate/],
        ['/dealdesk rates set CNY -0.1', 'dana', /“-0.1” is not a rate/],
        ['/dealdesk rates set CNY 0.12345678901', 'dana', /is not a rate/],
        ['/dealdesk rates set USD 1', 'dana', /USD is the reporting currency itself/],
        ['/dealdesk rates set CNY', 'dana', /Type \/dealdesk rates set <currency> <rate> \[date\]/],
        ['/dealdesk rates convert', 'dana', /Type \/dealdesk rates set <currency> <rate> \[date\]/],
        ['/dealdesk rates set CNY 0.15 someday', 'dana', /“someday” is not a date/],
      ];
      for (const [line, handle, expected] of refusals) expect((await demo.run(line, handle)).text).toMatch(expected);
      expect((await demo.run('/dealdesk rates set CNY 0', 'jing.chen')).text).toContain('只有工作区管理员');
      expect(JSON.stringify(await stored())).toBe(before);
    });
  });
}
