// Whose report a person may read (commands/scope.ts checkReportScope), the same rule for every report:
// a rep their own, a manager their own, their team's and their people's, an admin everything; sliced or
// not. A refusal is one sentence naming whose figures were asked for and saying what to type instead,
// in the reader's language, and shows no figure.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';

/** Each report: its screen, its heading, and the start of its refusal in English and in Chinese. */
const REPORTS = [
  { command: '/pipeline', heading: 'Pipeline', what: 'pipeline', zh: '你可以查看自己的销售管道' },
  { command: '/quota', heading: 'Quota', what: 'quota', zh: '你可以查看自己的指标' },
  { command: '/forecast', heading: 'Forecast', what: 'forecast', zh: '你可以查看自己的预测' },
  { command: '/funnel', heading: 'Funnel', what: 'funnel', zh: '你可以查看自己的漏斗' },
  { command: '/scorecard', heading: 'Scorecard', what: 'scorecard', zh: '你可以查看自己的绩效' },
  { command: '/competitors', heading: 'Competitors', what: 'competitors', zh: '你可以查看自己的竞争对手情况' },
  { command: '/satisfaction', heading: 'Satisfaction', what: 'customers’ satisfaction', zh: '你可以查看自己客户的满意度' },
] as const;

/** Alice and Brian are reps of Mike's North America; Oliver is Sophie's (Partners & Channel); Dana is the admin. */
const REFUSED = [
  ['@brian', 'alice', 'Brian Lee'],
  ['@mike', 'alice', 'Mike Johnson'],
  ['team', 'alice', 'North America'],
  ['team by channel', 'alice', 'North America'],
  ['all', 'alice', 'Demo workspace'],
  ['all by region', 'alice', 'Demo workspace'],
  ['@oliver', 'mike', 'Oliver Smith'],
  ['team Partners & Channel', 'mike', 'Partners & Channel'],
  ['all', 'mike', 'Demo workspace'],
] as const;

const SHOWN = [
  ['', 'alice', 'Alice Carter'],
  ['me', 'alice', 'Alice Carter'],
  ['@alice', 'alice', 'Alice Carter'],
  ['me next quarter', 'alice', 'Alice Carter'],
  ['@alice by channel', 'alice', 'Alice Carter'],
  ['@alice', 'mike', 'Alice Carter'],
  ['@mike', 'mike', 'Mike Johnson'],
  ['team', 'mike', 'North America'],
  ['team by channel', 'mike', 'North America'],
  ['@oliver', 'sophie', 'Oliver Smith'],
  ['@alice', 'dana', 'Alice Carter'],
  ['all', 'dana', 'Demo workspace'],
  ['all by region', 'dana', 'Demo workspace'],
  ['team Partners & Channel', 'dana', 'Partners & Channel'],
] as const;

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`who may read which report, on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    for (const report of REPORTS) {
      const kind = report.command.slice(1);

      it.each(REFUSED)(`refuses ${report.command} %s to @%s with what to type instead`, async (words, handle, name) => {
        const { screen, text } = await demo.run(`${report.command} ${words}`, handle);
        expect(screen.kind).toBe('error');
        expect(text).toContain(`You can see your own ${report.what}, and a manager their team’s, but not ${name}`);
        expect(text).toContain(`Type ${report.command} me.`);
        expect(text).not.toContain(`${report.heading} · `);
      });

      it.each(SHOWN)(`shows ${report.command} %s to @%s`, async (words, handle, name) => {
        const { screen, text } = await demo.run(`${report.command} ${words}`.trim(), handle);
        expect(screen.kind).toBe(kind);
        expect(text).toContain(`${report.heading} · ${name}`);
      });

      it(`refuses ${report.command} in Chinese to a Chinese-speaking rep`, async () => {
        const { screen, text } = await demo.run(`${report.command} @fang.wang`, 'wei.zhang');
        expect(screen.kind).toBe('error');
        expect(text).toContain(report.zh);
        expect(text).toContain('王芳');
        expect(text).toContain(`${report.command} me`);
      });

      it(`asks someone in no team who types "${report.command} team" to name one, listing the teams`, async () => {
        // Dana, the admin, manages no team and is in none: her own team is found nowhere.
        const { screen, text } = await demo.run(`${report.command} team`, 'dana');
        expect(screen.kind).not.toBe(kind);
        expect(text).toContain('You are not in a team. Name one:');
        for (const team of ['North America', 'Partners & Channel']) expect(text).toContain(team);
      });
    }
  });
}
