import { DomainError } from './errors.js';
import { lookupWord } from './text-match.js';
import type { StageDef, StageKind } from './stages.js';

export const FORECAST_CATEGORIES = ['pipeline', 'best', 'commit', 'closed', 'omit'] as const;
export type ForecastCategory = (typeof FORECAST_CATEGORIES)[number];

export const SOURCE_CHANNELS = ['direct', 'partner', 'online'] as const;
export type SourceChannel = (typeof SOURCE_CHANNELS)[number];

export const ACTIVITY_KINDS = ['call', 'meeting', 'email', 'note'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

export const GRADES = ['A', 'B', 'C'] as const;
export type Grade = (typeof GRADES)[number];

/** Lengths past which a chat line stops being a name and becomes a paste accident. */
export const LIMITS = {
  accountName: 120,
  title: 200,
  note: 2000,
  reason: 500,
  nextStep: 300,
} as const;

export function dealRef(number: number): string {
  return `D-${number}`;
}

/** `D-42`, `d42`, `#42` → 42. A bare number is not a deal id here: it could be an amount. */
export function parseDealNumber(token: string): number | undefined {
  const match = /^(?:d-?|#)(\d{1,9})$/i.exec(token.trim());
  return match ? Number(match[1]) : undefined;
}

const CATEGORY_WORDS: Record<string, ForecastCategory> = {
  pipeline: 'pipeline',
  管道: 'pipeline',
  储备: 'pipeline',
  best: 'best',
  'best case': 'best',
  bestcase: 'best',
  upside: 'best',
  乐观: 'best',
  commit: 'commit',
  committed: 'commit',
  承诺: 'commit',
  确定: 'commit',
  omit: 'omit',
  omitted: 'omit',
  排除: 'omit',
  closed: 'closed',
};

export function parseForecastCategory(input: string): ForecastCategory {
  const category = lookupWord(CATEGORY_WORDS, input.trim().toLowerCase());
  if (!category || category === 'closed') throw new DomainError('deal.category_invalid', { input });
  return category;
}

const CHANNEL_WORDS: Record<string, SourceChannel> = {
  direct: 'direct',
  直销: 'direct',
  直客: 'direct',
  partner: 'partner',
  channel: 'partner',
  reseller: 'partner',
  渠道: 'partner',
  代理: 'partner',
  online: 'online',
  web: 'online',
  inbound: 'online',
  线上: 'online',
  网络: 'online',
};

export function parseSourceChannel(input: string): SourceChannel | undefined {
  return lookupWord(CHANNEL_WORDS, input.trim().toLowerCase());
}

const ACTIVITY_PREFIXES: [RegExp, ActivityKind][] = [
  [/^(call|phone|电话|通话)\s*[:：]\s*/i, 'call'],
  [/^(meeting|met|visit|会议|拜访|会面)\s*[:：]\s*/i, 'meeting'],
  [/^(email|e-mail|mail|邮件)\s*[:：]\s*/i, 'email'],
  [/^(note|备注|记录)\s*[:：]\s*/i, 'note'],
];

/** "call: spoke with CFO" → a call with text "spoke with CFO"; no prefix → a note. */
export function splitActivity(text: string): { kind: ActivityKind; text: string } {
  for (const [pattern, kind] of ACTIVITY_PREFIXES) {
    if (pattern.test(text)) return { kind, text: text.replace(pattern, '').trim() };
  }
  return { kind: 'note', text: text.trim() };
}

/** The events that decide who set a deal's forecast category, oldest first. */
export type CategoryEvent = { type: string; fromStage: string | null; toStage: string | null };

/**
 * Whether the deal's category was set by hand: a `category_changed` since the category was last set
 * automatically (at creation, on closing or reopening, or on a move between open stages while the
 * category was not set by hand; a move keeps a category set by hand).
 */
export function categorySetByHand(events: readonly CategoryEvent[], kindOf: (stage: string) => StageKind | undefined): boolean {
  let byHand = false;
  for (const event of events) {
    if (event.type === 'created') byHand = false;
    else if (event.type === 'category_changed') byHand = true;
    else if (event.type === 'stage_changed') {
      const between = (stage: string | null) => stage !== null && kindOf(stage) === 'open';
      if (!between(event.fromStage) || !between(event.toStage)) byHand = false;
    }
  }
  return byHand;
}

/** The category after a stage move: the new stage's default, unless the owner set it by hand and the deal stays open. */
export function categoryAfterMove(move: {
  from: StageKind;
  to: StageKind;
  current: string;
  stageDefault: string;
  setByHand: boolean;
}): string {
  return move.from === 'open' && move.to === 'open' && move.setByHand ? move.current : move.stageDefault;
}

/** The forecast category a stage gives a deal (new, moved or reopened), from the stage's probability. */
export function defaultCategory(stage: StageDef): string {
  if (stage.kind === 'won') return 'closed';
  if (stage.kind === 'lost') return 'omit';
  if (stage.probability >= 80) return 'commit';
  if (stage.probability >= 60) return 'best';
  return 'pipeline';
}
