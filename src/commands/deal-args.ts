import { parseDate, type CalendarDate } from '../domain/calendar.js';
import { DomainError } from '../domain/errors.js';
import { isStageWord, matchStage, type StageDef } from '../domain/stages.js';
import { closestMatches } from '../domain/text-match.js';
import { dateContextOf, type CommandContext } from './context.js';

/** Words that look like an amount: digits, optionally behind a sign or a currency symbol. */
const AMOUNT_LIKE = /^[-−(]?\s*(?:us\$|hk\$|[$¥￥€£]|rmb|[a-z]{3}(?=[\d.]))?\s*[-−]?[\d０-９.]/i;

export function looksLikeAmount(token: string): boolean {
  return AMOUNT_LIKE.test(token);
}

/** A stage written as one or two words ("proposal", "needs analysis", "closed won") at `index`. */
export function stageAt(
  tokens: readonly string[],
  index: number,
  stages: readonly StageDef[],
): { stage: string; length: number } | undefined {
  const two = tokens.slice(index, index + 2);
  if (two.length === 2 && isStageWord(two.join(' '), stages)) return { stage: two.join(' '), length: 2 };
  const one = tokens[index];
  if (one !== undefined && isStageWord(one, stages)) return { stage: one, length: 1 };
  return undefined;
}

/** The longest run of up to four words at `index` that reads as a date ("in 3 weeks", "end of month", "fri"). */
export function dateAt(tokens: readonly string[], index: number, ctx: CommandContext): { text: string; length: number } | undefined {
  for (let length = Math.min(4, tokens.length - index); length > 0; length--) {
    const text = tokens.slice(index, index + length).join(' ');
    try {
      parseDate(text, dateContextOf(ctx));
      return { text, length };
    } catch {
      // not a date of this length; try a shorter one
    }
  }
  return undefined;
}

export function stageOf(ctx: CommandContext, input: string): StageDef {
  return matchStage(input, ctx.workspace.stages);
}

export function firstOpenStage(ctx: CommandContext): StageDef {
  const stage = ctx.workspace.stages.find((s) => s.kind === 'open');
  if (!stage) throw new DomainError('stage.none_open', {});
  return stage;
}

export function readDate(ctx: CommandContext, input: string): CalendarDate {
  return parseDate(input, dateContextOf(ctx));
}

export const CLOSE_WORDS = new Set(['close', 'closes', 'closing', 'by', 'due', '预计', '截止', '成交日']);

/** A word within typo distance of a stage name, in either language. */
export function nearStage(token: string, ctx: CommandContext): boolean {
  return token.length >= 3 && closestMatches(token, ctx.workspace.stages, (s) => [s.key, s.nameEn, s.nameZh], 1).length > 0;
}
