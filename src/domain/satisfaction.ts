/**
 * After-sales follow-up and satisfaction (售后回访, 满意度): when a won deal's call-back is due, what a
 * score may be, and the report's figures. Pure: the store reads the rows, this file does the maths.
 */
import { addDays, type CalendarDate } from './calendar.js';
import { DomainError } from './errors.js';

export const SATISFACTION_SCORES = [1, 2, 3, 4, 5] as const;
/** A score below this is a low score: listed in the report and the manager's digest. */
export const LOW_SCORE_BELOW = 3;
/** The longest after-sales delay an admin may set (`/dealdesk settings after-sales-days`). */
export const AFTER_SALES_DAYS_MAX = 365;
/** The longest comment recorded with a score. */
export const COMMENT_MAX = 500;

/** The call-back is due `days` after the close date (the owner's calendar day); 0 days = follow-ups off. */
export function followUpDueOn(closeDate: CalendarDate, days: number): CalendarDate | null {
  return days > 0 ? addDays(closeDate, days) : null;
}

/** An imported win's call-back is scheduled only if it falls due after the import or at most this many days before. */
export const IMPORTED_OVERDUE_DAYS = 7;

/**
 * An imported win's call-back: as a win's, unless it fell due more than IMPORTED_OVERDUE_DAYS before
 * `today` (a CRM's history of old wins would otherwise become a flood of overdue nudges).
 */
export function importedFollowUpDueOn(closeDate: CalendarDate, days: number, today: CalendarDate): CalendarDate | null {
  const due = followUpDueOn(closeDate, days);
  return due !== null && due >= addDays(today, -IMPORTED_OVERDUE_DAYS) ? due : null;
}

/** A typed score, 1 to 5 (`4`, `4/5`, `4分`); anything else is refused with the sentence that says so. */
export function parseScore(word: string): number {
  const match = /^\s*([0-9]+)\s*(?:\/\s*5|分)?\s*$/.exec(word);
  const score = match?.[1] === undefined ? NaN : Number(match[1]);
  if (!Number.isInteger(score) || score < 1 || score > 5)
    throw new DomainError('satisfaction.score_invalid', { field: 'score', input: word });
  return score;
}

/** `/dealdesk settings after-sales-days <n>`: whole days from 0 (off) to 365. */
export function parseAfterSalesDays(word: string): number {
  const days = /^\d{1,3}$/.test(word.trim()) ? Number(word.trim()) : NaN;
  if (!Number.isInteger(days) || days < 0 || days > AFTER_SALES_DAYS_MAX)
    throw new DomainError('satisfaction.days_invalid', { input: word });
  return days;
}

export type SatisfactionFigures = {
  /** Follow-ups due in the period. */
  scheduled: number;
  /** Of those, the ones with a score. */
  responses: number;
  /** Mean of the responses' scores, one decimal; null without responses. */
  average: number | null;
  /** Follow-ups due in the period on or before today. */
  due: number;
  /** Of the due ones, those without a score. */
  unanswered: number;
  /** How many responses gave each score, 1 to 5. */
  byScore: readonly number[];
};

/** Follow-ups with one score (null: none yet) and due by today or not, as the store counts them per slice. */
export type FollowUpCountRow = { score: number | null; due: boolean; count: number };

/** The report's figures over the follow-ups due in the period, counted by score and due by today or not (store/after-sales.ts). */
export function satisfactionFiguresOfCounts(rows: readonly FollowUpCountRow[]): SatisfactionFigures {
  const byScore = SATISFACTION_SCORES.map(() => 0);
  let scheduled = 0;
  let total = 0;
  let responses = 0;
  let due = 0;
  let unanswered = 0;
  for (const row of rows) {
    scheduled += row.count;
    if (row.due) due += row.count;
    if (row.score === null) {
      if (row.due) unanswered += row.count;
      continue;
    }
    responses += row.count;
    total += row.score * row.count;
    byScore[row.score - 1] = (byScore[row.score - 1] ?? 0) + row.count;
  }
  return {
    scheduled,
    responses,
    average: responses === 0 ? null : Math.round((total * 10) / responses) / 10,
    due,
    unanswered,
    byScore,
  };
}
