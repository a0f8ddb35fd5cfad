// Whose /quota and /forecast a person may read, as with /pipeline and /funnel (commands/scope.ts
// checkReportScope): a rep their own, a manager their own, their team's and their people's, an admin
// everything. Sliced or not, a refusal is one sentence saying what to type, in the reader's language.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

const REPORTS = [
  { command: '/quota', kind: 'quota', heading: 'Quota', refusal: 'You can see your own quota, and a manager their team’s, but not' },
  {
    command: '/forecast',
    kind: 'forecast',
    heading: 'Forecast',
    refusal: 'You can see your own forecast, and a manager their team’s, but not',
  },
] as const;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/quota and /forecast access on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    for (const report of REPORTS) {
      it.each([
        ['@brian', 'alice', 'Brian Lee'],
        ['@mike', 'alice', 'Mike Johnson'],
        ['team', 'alice', 'North America'],
        ['team by channel', 'alice', 'North America'],
        ['all', 'alice', 'Demo workspace'],
        ['all by region', 'alice', 'Demo workspace'],
        ['@oliver', 'mike', 'Oliver Smith'],
        ['team Partners & Channel', 'mike', 'Partners & Channel'],
        ['all', 'mike', 'Demo workspace'],
      ])(`refuses ${report.command} %s to @%s with what to type instead`, async (words, handle, name) => {
        const { screen, text } = await demo.run(`${report.command} ${words}`, handle);
        expect(screen.kind).not.toBe(report.kind);
        expect(text).toContain(report.refusal);
        expect(text).toContain(name);
        expect(text).toContain(`Type ${report.command} me.`);
      });

      it.each([
        ['', 'alice', 'Alice Carter'],
        ['me next quarter', 'alice', 'Alice Carter'],
        ['@alice by channel', 'alice', 'Alice Carter'],
        ['@alice', 'mike', 'Alice Carter'],
        ['team', 'mike', 'North America'],
        ['team by channel', 'mike', 'North America'],
        ['@oliver', 'sophie', 'Oliver Smith'],
        ['all', 'dana', 'Demo workspace'],
        ['all by region', 'dana', 'Demo workspace'],
        ['team Partners & Channel', 'dana', 'Partners & Channel'],
      ])(`shows ${report.command} %s to @%s`, async (words, handle, name) => {
        const { screen, text } = await demo.run(`${report.command} ${words}`.trim(), handle);
        expect(screen.kind).toBe(report.kind);
        expect(text).toContain(`${report.heading} · ${name}`);
      });
    }

    it('refuses in Chinese to a Chinese-speaking rep', async () => {
      const quota = await demo.run('/quota @fang.wang', 'wei.zhang');
      expect(quota.text).toContain('你可以查看自己的指标');
      expect(quota.text).toContain('王芳');
      expect(quota.text).toContain('/quota me');
      const forecast = await demo.run('/forecast team', 'wei.zhang');
      expect(forecast.text).toContain('你可以查看自己的预测');
      expect(forecast.text).toContain('East China');
      expect(forecast.text).toContain('/forecast me');
    });
  });
}
