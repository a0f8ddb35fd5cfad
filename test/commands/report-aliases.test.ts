// The Chinese words people type for a report open that report: 漏斗 (funnel) is /funnel, not /pipeline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { matchCommand } from '../../src/commands/execute.js';
import { tokenize } from '../../src/commands/tokenize.js';

/** The command a typed line opens, and the words it is given. */
function opened(line: string): { id: string; args: string[] } {
  const match = matchCommand(tokenize(line));
  if (!('command' in match)) throw new Error(`"${line}" opens no command: ${match.code}`);
  return { id: match.command.id, args: match.args };
}

describe('report aliases', () => {
  it.each([
    ['漏斗', 'funnel'],
    ['/漏斗', 'funnel'],
    ['管道', 'pipeline'],
    ['配额', 'quota'],
    ['指标', 'quota'],
    ['预测', 'forecast'],
  ])('%s opens %s', (line, id) => {
    expect(opened(line).id).toBe(id);
  });

  it('passes the words after 漏斗 to /funnel', () => {
    expect(opened('漏斗 team 本季度 按渠道')).toEqual({ id: 'funnel', args: ['team', '本季度', '按渠道'] });
  });
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`漏斗 on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    it('shows the funnel in Chinese, not the pipeline', async () => {
      const { screen, text } = await demo.run('漏斗', 'wei.zhang');
      expect(screen.kind).toBe('funnel');
      expect(text).toContain('销售漏斗');
      expect(text).not.toContain('销售管道');
    });

    it('slices by channel with 按渠道, as /funnel does', async () => {
      const typed = await demo.run('漏斗 按渠道', 'wei.zhang');
      const slash = await demo.run('/funnel 按渠道', 'wei.zhang');
      expect(typed.screen.kind).toBe('funnel');
      expect(typed.text).toBe(slash.text);
    });
  });
}
