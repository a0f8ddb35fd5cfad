// No input crashes the process: whatever is typed after any command word, the answer is a screen
// (an error in words when it cannot be done), never an exception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { COMMANDS } from '../../src/commands/index.js';
import { execute } from '../../src/commands/execute.js';

const ODD_ARGUMENTS = [
  '',
  '"',
  '"unbalanced quote',
  '“中文引号',
  '\u0000\u0001\u0002',
  '🤝🏽 💰 50k',
  '\'; DROP TABLE "Deal"; --',
  '%s %d {0} ${x} <script>',
  '-1 -1 -1',
  '999999999999999999999999',
  '1e309',
  'D-0',
  'D-99999999999',
  '#',
  '@',
  '@@@ team team team',
  'page -3',
  'page 1e9',
  'x'.repeat(5000),
  '50k '.repeat(200),
  'proposal lost won 方案 输单',
  'close close close',
  'amount',
  'next',
  'owner @',
  'set @alice',
  'req:nonexistent',
  'cancel req:',
  'time 99:99',
  'team',
  'stage proposal 150%',
  'Q5 2026',
  'FY99999',
  '2026-02-30',
  '\t\n\r',
];

describe('robustness of the command layer', () => {
  let demo: DemoWorkspace;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
  });
  afterAll(() => demo.cleanup());

  it('answers every command with any odd argument without throwing', async () => {
    const contexts = await Promise.all(['alice', 'mike', 'dana', 'wei.zhang'].map((handle) => demo.contextFor(handle)));
    let answered = 0;
    for (const command of COMMANDS) {
      for (const [i, args] of ODD_ARGUMENTS.entries()) {
        const ctx = contexts[i % contexts.length]!;
        const result = await execute(`${command.path.join(' ')} ${args}`, ctx);
        expect(result.screen.blocks.length, `${command.id} ${args.slice(0, 40)}`).toBeGreaterThan(0);
        // An internal error would mean an input reached code that did not expect it.
        expect(result.error?.code, `${command.id} ${args.slice(0, 40)}`).not.toBe('error.internal');
        const text = JSON.stringify(result.screen);
        expect(text, `${command.id} ${args.slice(0, 40)}`).not.toMatch(/Something went wrong on our side|系统出了点问题/);
        answered++;
      }
    }
    expect(answered).toBe(COMMANDS.length * ODD_ARGUMENTS.length);
  }, 120_000);
});
