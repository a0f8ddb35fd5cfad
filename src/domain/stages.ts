import { DomainError } from './errors.js';
import { closestMatches, lookupWord, normalizeKey } from './text-match.js';
import type { Role } from './roles.js';

export type StageKind = 'open' | 'won' | 'lost';

export type StageDef = {
  key: string;
  position: number;
  /** Win probability in whole percent. */
  probability: number;
  kind: StageKind;
  nameEn: string;
  nameZh: string;
  exitCriterionEn: string;
  exitCriterionZh: string;
};

export const DEFAULT_STAGES: readonly StageDef[] = [
  {
    key: 'lead',
    position: 1,
    probability: 10,
    kind: 'open',
    nameEn: 'Lead',
    nameZh: '线索',
    exitCriterionEn: 'Contact made',
    exitCriterionZh: '已建立联系',
  },
  {
    key: 'qualified',
    position: 2,
    probability: 20,
    kind: 'open',
    nameEn: 'Qualified',
    nameZh: '初步接触',
    exitCriterionEn: 'Need and budget confirmed',
    exitCriterionZh: '需求与预算已确认',
  },
  {
    key: 'needs_analysis',
    position: 3,
    probability: 40,
    kind: 'open',
    nameEn: 'Needs analysis',
    nameZh: '需求分析',
    exitCriterionEn: 'Requirements written down',
    exitCriterionZh: '需求已书面确认',
  },
  {
    key: 'proposal',
    position: 4,
    probability: 60,
    kind: 'open',
    nameEn: 'Proposal',
    nameZh: '方案',
    exitCriterionEn: 'Proposal or quote sent',
    exitCriterionZh: '方案/报价已发出',
  },
  {
    key: 'negotiation',
    position: 5,
    probability: 80,
    kind: 'open',
    nameEn: 'Negotiation',
    nameZh: '谈判',
    exitCriterionEn: 'Terms agreed in principle',
    exitCriterionZh: '条款原则上达成一致',
  },
  {
    key: 'won',
    position: 6,
    probability: 100,
    kind: 'won',
    nameEn: 'Won',
    nameZh: '赢单',
    exitCriterionEn: 'Contract signed',
    exitCriterionZh: '合同已签署',
  },
  {
    key: 'lost',
    position: 7,
    probability: 0,
    kind: 'lost',
    nameEn: 'Lost',
    nameZh: '输单',
    exitCriterionEn: 'Reason recorded',
    exitCriterionZh: '已记录输单原因',
  },
];

/** Common synonyms people type for the default stages. */
const ALIASES: Record<string, string> = {
  'closed won': 'won',
  'closed-won': 'won',
  closedwon: 'won',
  win: 'won',
  成交: 'won',
  赢: 'won',
  'closed lost': 'lost',
  'closed-lost': 'lost',
  closedlost: 'lost',
  lose: 'lost',
  丢单: 'lost',
  输: 'lost',
  qual: 'qualified',
  discovery: 'needs_analysis',
  needs: 'needs_analysis',
  analysis: 'needs_analysis',
  quote: 'proposal',
  negotiate: 'negotiation',
  nego: 'negotiation',
};

export function stageName(stage: StageDef, locale: string): string {
  return locale === 'zh-CN' ? stage.nameZh : stage.nameEn;
}

function keysOf(stage: StageDef): string[] {
  return [stage.key, stage.key.replace(/_/g, ' '), stage.nameEn, stage.nameZh];
}

/** Finds the stage a person meant, in English or Chinese, case-insensitively, or explains with a suggestion. */
export function matchStage(input: string, stages: readonly StageDef[]): StageDef {
  const needle = normalizeKey(input).replace(/_/g, ' ');
  const exact = stages.find((stage) => keysOf(stage).some((key) => normalizeKey(key).replace(/_/g, ' ') === needle));
  if (exact) return exact;
  const alias = lookupWord(ALIASES, needle);
  const aliased = alias ? stages.find((stage) => stage.key === alias) : undefined;
  if (aliased) return aliased;
  const suggestion = closestMatches(needle, stages, keysOf, 1)[0];
  throw new DomainError('stage.unknown', {
    input,
    suggestion: suggestion?.nameEn,
    suggestionZh: suggestion?.nameZh,
    stages: stages.map((s) => s.nameEn),
    stagesZh: stages.map((s) => s.nameZh),
  });
}

/** Whether `input` is a stage name (used by parsers to tell a stage word from a title word). */
export function isStageWord(input: string, stages: readonly StageDef[]): boolean {
  try {
    matchStage(input, stages);
    return true;
  } catch {
    return false;
  }
}

/** The keys of the stages of one kind (open, won or lost), in the workspace's order. */
export function stageKeys(stages: readonly StageDef[], kind: StageKind): string[] {
  return stages.filter((stage) => stage.kind === kind).map((stage) => stage.key);
}

export function stageByKey(key: string, stages: readonly StageDef[]): StageDef {
  const stage = stages.find((s) => s.key === key);
  if (!stage)
    throw new DomainError('stage.unknown', { input: key, stages: stages.map((s) => s.nameEn), stagesZh: stages.map((s) => s.nameZh) });
  return stage;
}

export type TransitionInput = {
  from: StageDef;
  to: StageDef;
  reason: string | undefined;
  actorRole: Role;
};

/**
 * The rules of the pipeline: Lost needs a reason; a closed deal (Won or Lost) is reopened or re-closed
 * only by a manager or an admin, so closed numbers cannot quietly change under the forecast.
 */
export function checkTransition({ from, to, reason, actorRole }: TransitionInput): void {
  if (from.key === to.key) throw new DomainError('stage.unchanged', { stage: from.nameEn, stageZh: from.nameZh });
  if (to.kind === 'lost' && !reason?.trim()) throw new DomainError('stage.lost_needs_reason', {});
  if (from.kind !== 'open' && actorRole === 'rep')
    throw new DomainError('stage.reopen_needs_manager', { stage: from.nameEn, stageZh: from.nameZh });
}
