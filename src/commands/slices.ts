/**
 * `by channel`, `按渠道`: the words that slice a report, shared by /funnel (every slicing) and /pipeline
 * and /forecast (channel and region).
 */
import { z } from 'zod';
import type { CommandContext } from './context.js';
import { splitScopeWords } from './scope.js';
import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import type { FunnelSliceBy } from '../domain/funnel.js';
import { REPORT_SLICES, type ReportSliceBy } from '../domain/slices.js';

type SliceBy = Exclude<FunnelSliceBy, 'none'>;

/** The words that pick a slicing, in either language. */
const SLICE_WORDS: Readonly<Record<string, SliceBy>> = {
  channel: 'channel',
  channels: 'channel',
  渠道: 'channel',
  region: 'region',
  regions: 'region',
  区域: 'region',
  地区: 'region',
  grade: 'grade',
  grades: 'grade',
  等级: 'grade',
  rep: 'rep',
  reps: 'rep',
  owner: 'rep',
  销售: 'rep',
  competitor: 'competitor',
  competitors: 'competitor',
  竞争对手: 'competitor',
  对手: 'competitor',
};
const BY_WORDS = new Set(['by', '按']);

/**
 * Takes `by <slicing>` (or `按<slicing>`, one word in Chinese) out of `words`, anywhere among them: the
 * other words, and the slicing ('none' when not asked). A slicing that is not among `offered` throws
 * `unknownCode` with the word typed.
 */
export function splitSliceWords<S extends SliceBy>(
  words: readonly string[],
  offered: readonly S[],
  unknownCode: string,
): { rest: string[]; by: S | 'none' } {
  const rest: string[] = [];
  let by: S | 'none' = 'none';
  for (let i = 0; i < words.length; i++) {
    const word = normalizeKey(words[i] ?? '');
    const joined = word.startsWith('按') && word.length > 1 ? word.slice(1) : undefined;
    if (!BY_WORDS.has(word) && joined === undefined) {
      rest.push(words[i] ?? '');
      continue;
    }
    const sliceWord = joined ?? normalizeKey(words[i + 1] ?? '');
    const slice = offered.find((s) => s === SLICE_WORDS[sliceWord]);
    if (slice === undefined) throw new DomainError(unknownCode, { word: sliceWord });
    by = slice;
    if (joined === undefined) i++;
  }
  return { rest, by };
}

/** `[who] [period] [by channel|region]`: a report that can be sliced (/pipeline, /forecast). */
export const ZSlicedReportSchema = z.object({
  scope: z.array(z.string()),
  period: z.array(z.string()),
  by: z.enum(['none', ...REPORT_SLICES]),
});
export type SlicedReportInput = z.infer<typeof ZSlicedReportSchema>;

/** The who-words first, then the period and the slicing in either order. */
export async function parseSlicedReportArgs(args: readonly string[], ctx: CommandContext): Promise<SlicedReportInput> {
  const { scope, rest } = await splitScopeWords(ctx, args);
  const { rest: period, by } = splitSliceWords<ReportSliceBy>(rest, REPORT_SLICES, 'report.by_unknown');
  return { scope, period, by };
}
