import { describe, expect, it } from 'vitest';
import { defaultCategory } from '../../src/domain/deal.js';
import { DEFAULT_STAGES, type StageDef } from '../../src/domain/stages.js';

const stage = (kind: StageDef['kind'], probability: number): StageDef => ({
  key: `${kind}-${probability}`,
  position: 1,
  probability,
  kind,
  nameEn: 'Stage',
  nameZh: '阶段',
  exitCriterionEn: '',
  exitCriterionZh: '',
});

describe('defaultCategory', () => {
  it('follows an open stage’s probability: 80 % and up commit, 60 % and up best case, below pipeline', () => {
    expect([59, 60, 79, 80, 100, 0].map((pct) => defaultCategory(stage('open', pct)))).toEqual([
      'pipeline',
      'best',
      'best',
      'commit',
      'commit',
      'pipeline',
    ]);
  });

  it('closes a won deal and omits a lost one, whatever their probability', () => {
    expect(defaultCategory(stage('won', 0))).toBe('closed');
    expect(defaultCategory(stage('lost', 90))).toBe('omit');
  });

  it('gives the default stages the categories the README lists', () => {
    expect(DEFAULT_STAGES.map((s) => [s.key, defaultCategory(s)])).toEqual([
      ['lead', 'pipeline'],
      ['qualified', 'pipeline'],
      ['needs_analysis', 'pipeline'],
      ['proposal', 'best'],
      ['negotiation', 'commit'],
      ['won', 'closed'],
      ['lost', 'omit'],
    ]);
  });
});
