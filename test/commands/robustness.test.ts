// No input crashes the process: whatever is typed after any command word, the answer is a screen
// (an error in words when it cannot be done), never an exception.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { COMMANDS } from '../../src/commands/index.js';
import { execute, matchCommand } from '../../src/commands/execute.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { isMessageKey } from '../../src/i18n/index.js';
import { renderText } from '../../src/views/render/text.js';

/**
 * Every command there is, written out by hand: a command added or dropped without this test being
 * looked at fails here, rather than being silently tried (or not) because the loop follows COMMANDS.
 */
const EXPECTED_COMMAND_IDS = [
  'account',
  'competitors',
  'deal.approvals',
  'deal.approve',
  'deal.discount',
  'deal.form',
  'deal.help',
  'deal.history',
  'deal.list',
  'deal.move',
  'deal.new',
  'deal.note',
  'deal.reject',
  'deal.satisfaction',
  'deal.search',
  'deal.show',
  'deal.update',
  'dealdesk.digest',
  'dealdesk.export',
  'dealdesk.grades',
  'dealdesk.help',
  'dealdesk.home',
  'dealdesk.import',
  'dealdesk.language',
  'dealdesk.member',
  'dealdesk.people',
  'dealdesk.policy',
  'dealdesk.rates',
  'dealdesk.settings',
  'dealdesk.setup',
  'dealdesk.team',
  'dealdesk.workspace',
  'forecast',
  'funnel',
  'leaderboard',
  'pipeline',
  'quota',
  'quota.set',
  'satisfaction',
  'scorecard',
];

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

/** What a user must never read: an unfilled placeholder, a JavaScript value, an internal failure. */
const NOT_FOR_USERS = /\{\w+\}|\bundefined\b|\bNaN\b|\[object Object\]|Something went wrong on our side|系统出了点问题/;

describe('robustness of the command layer', () => {
  let demo: DemoWorkspace;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
  });
  afterAll(() => demo.cleanup());

  it('knows exactly the expected commands', () => {
    expect(COMMANDS.map((c) => c.id).sort()).toEqual(EXPECTED_COMMAND_IDS);
  });

  it('answers every command with any odd argument in words, without throwing', async () => {
    const handles = ['alice', 'mike', 'dana', 'wei.zhang'];
    const contexts = await Promise.all(handles.map((handle) => demo.contextFor(handle)));
    // Which command each typed line actually reached, as the command matcher reads it.
    const reached = new Set<string>();
    for (const command of COMMANDS) {
      for (const [i, args] of ODD_ARGUMENTS.entries()) {
        const ctx = contexts[i % contexts.length]!;
        const line = `${command.path.join(' ')} ${args}`;
        const label = `${command.id} ${args.slice(0, 40)} as @${handles[i % handles.length]}`;
        const match = matchCommand(tokenize(line));
        if ('command' in match) reached.add(match.command.id);

        const result = await execute(line, ctx);
        const seen = renderText(result.screen);
        expect(seen.trim(), label).not.toBe('');
        // The typed words may be quoted back (“%s {0}” is not a deal); everything else is ours.
        const ours = [args, ...tokenize(args)].filter(Boolean).reduce((text, typed) => text.split(typed).join(''), seen);
        expect(ours, label).not.toMatch(NOT_FOR_USERS);
        if (result.error) {
          // A refusal is a sentence from the catalogue, in the member's language, saying what to type.
          expect(isMessageKey(result.error.code), `${label}: ${result.error.code}`).toBe(true);
          expect(result.error.code, label).not.toMatch(/^error\.(internal|unknown)$/);
          expect(result.error.message, label).toMatch(/[.?!。？！)）”"]$/u);
          expect(seen, label).toContain(result.error.message);
          if (ctx.actor.locale === 'zh-CN') expect(result.error.message, label).toMatch(/\p{Script=Han}/u);
        }
      }
    }
    // Every command of the hand-written list was reached by at least one of the lines typed.
    expect([...reached].sort()).toEqual(EXPECTED_COMMAND_IDS);
  }, 120_000);
});
