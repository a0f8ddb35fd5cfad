/**
 * Account grades (A/B/C by value) and the admin's rule that sets them, pure. A rule lists, best grade
 * first, the thresholds an account must reach, any one of them being enough: lifetime won amount
 * (`won`) or open pipeline (`open`), in the workspace's currency. An account that reaches none of the
 * listed grades is C. Grades set by hand are left alone by the rule.
 */
import { z } from 'zod';
import { DomainError } from './errors.js';
import { parseMoney } from './money.js';
import { normalizeKey } from './text-match.js';

export const GRADES = ['A', 'B', 'C'] as const;
export type Grade = (typeof GRADES)[number];

/** The grade of accounts that reach none of the rule's thresholds. */
export const LOWEST_GRADE: Grade = 'C';

const GRADE_METRICS = ['won', 'open'] as const;
export type GradeMetric = (typeof GRADE_METRICS)[number];

/** Metric words in either language. */
const METRIC_WORDS: Readonly<Record<string, GradeMetric>> = {
  won: 'won',
  赢单: 'won',
  成交: 'won',
  open: 'open',
  pipeline: 'open',
  在谈: 'open',
  管道: 'open',
};

const ZThreshold = z.object({ metric: z.enum(GRADE_METRICS), minMinor: z.number().int().positive() });

export const ZGradeRuleSchema = z
  .object({
    currency: z.string().length(3),
    tiers: z
      .array(z.object({ grade: z.enum(['A', 'B']), any: z.array(ZThreshold).min(1).max(2) }))
      .min(1)
      .max(2),
  })
  .superRefine((rule, ctx) => {
    const grades = rule.tiers.map((tier) => tier.grade);
    if (new Set(grades).size !== grades.length || (grades.length === 2 && grades[0] !== 'A'))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'grades.rule_order' });
    const [a, b] = rule.tiers;
    if (a && b) {
      // B asks no more than A for each metric both name: otherwise no account could be B without being A.
      for (const threshold of b.any) {
        const same = a.any.find((t) => t.metric === threshold.metric);
        if (same && same.minMinor < threshold.minMinor) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'grades.rule_order' });
      }
    }
  });
export type GradeRule = z.infer<typeof ZGradeRuleSchema>;

/** A stored rule (JSON), or null when none is stored or it no longer reads as one. */
export function readGradeRule(stored: unknown): GradeRule | null {
  if (stored === null || stored === undefined) return null;
  const parsed = ZGradeRuleSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}

/**
 * Reads `A won>=500k|open>=200k B won>=100k|open>=50k` (amounts in the workspace currency; `>=` or `≥`;
 * `|` or `,` or `or` between thresholds of one grade). Throws `grades.rule_invalid` naming the word.
 */
export function parseGradeRule(words: readonly string[], currency: string): GradeRule {
  const tiers: { grade: 'A' | 'B'; any: { metric: GradeMetric; minMinor: number }[] }[] = [];
  for (const word of words.flatMap((w) => w.split(/[|,，]/)).filter((w) => w.trim() !== '' && normalizeKey(w) !== 'or')) {
    const letter = word.trim().toUpperCase();
    if (letter === 'A' || letter === 'B') {
      tiers.push({ grade: letter, any: [] });
      continue;
    }
    const tier = tiers.at(-1);
    const match = /^([^\s>=≥]+)\s*(?:>=|≥|=)\s*(.+)$/.exec(word.normalize('NFKC').trim());
    const metric = match ? METRIC_WORDS[normalizeKey(match[1] ?? '')] : undefined;
    if (!tier || !match || metric === undefined) throw new DomainError('grades.rule_invalid', { word });
    const money = amountOf(match[2] ?? '', currency, word);
    if (money.currency !== currency) throw new DomainError('grades.rule_currency', { word, currency });
    if (money.minor <= 0) throw new DomainError('grades.rule_invalid', { word });
    tier.any.push({ metric, minMinor: money.minor });
  }
  const parsed = ZGradeRuleSchema.safeParse({ currency, tiers });
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? '';
    throw new DomainError(message === 'grades.rule_order' ? 'grades.rule_order' : 'grades.rule_invalid', { word: words.join(' ') });
  }
  return parsed.data;
}

/** A threshold's amount; a malformed or zero one is a word that is not part of a rule. */
function amountOf(text: string, currency: string, word: string): { minor: number; currency: string } {
  try {
    return parseMoney(text, currency);
  } catch (error) {
    if (error instanceof DomainError && error.code !== 'money.unknown_currency') throw new DomainError('grades.rule_invalid', { word });
    throw error;
  }
}

/** An account's totals in the rule's currency. */
export type AccountTotals = { wonMinor: number; openMinor: number };

/** The grade the rule gives an account with these totals. */
export function gradeByRule(rule: GradeRule, totals: AccountTotals): Grade {
  for (const tier of rule.tiers) {
    const reached = tier.any.some((t) => (t.metric === 'won' ? totals.wonMinor : totals.openMinor) >= t.minMinor);
    if (reached) return tier.grade;
  }
  return LOWEST_GRADE;
}
