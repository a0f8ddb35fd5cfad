import { describe, expect, it } from 'vitest';
import { checkTransition, DEFAULT_STAGES, matchStage, stageByKey } from '../../src/domain/stages.js';
import { isDomainError } from '../../src/domain/errors.js';
import { errorCode } from '../support/errors.js';

describe('matchStage', () => {
  it.each([
    ['proposal', 'proposal'],
    ['Proposal', 'proposal'],
    ['方案', 'proposal'],
    ['needs analysis', 'needs_analysis'],
    ['needs_analysis', 'needs_analysis'],
    ['需求分析', 'needs_analysis'],
    ['closed won', 'won'],
    ['输单', 'lost'],
  ])('reads %s as %s', (input, key) => {
    expect(matchStage(input, DEFAULT_STAGES).key).toBe(key);
  });

  it('suggests the closest stage for a typo', () => {
    try {
      matchStage('propsal', DEFAULT_STAGES);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('stage.unknown');
      expect(isDomainError(error) && error.data.suggestion).toBe('Proposal');
    }
  });
});

describe('checkTransition', () => {
  const stage = (key: string) => stageByKey(key, DEFAULT_STAGES);

  it('requires a reason to lose a deal', () => {
    expect(errorCode(() => checkTransition({ from: stage('proposal'), to: stage('lost'), reason: ' ', actorRole: 'rep' }))).toBe(
      'stage.lost_needs_reason',
    );
    expect(
      errorCode(() => checkTransition({ from: stage('proposal'), to: stage('lost'), reason: 'budget cut', actorRole: 'rep' })),
    ).toBeUndefined();
  });

  it('lets only managers and admins reopen a closed deal', () => {
    expect(errorCode(() => checkTransition({ from: stage('won'), to: stage('proposal'), reason: undefined, actorRole: 'rep' }))).toBe(
      'stage.reopen_needs_manager',
    );
    expect(
      errorCode(() => checkTransition({ from: stage('won'), to: stage('proposal'), reason: undefined, actorRole: 'manager' })),
    ).toBeUndefined();
  });

  it('refuses a move to the same stage', () => {
    expect(errorCode(() => checkTransition({ from: stage('lead'), to: stage('lead'), reason: undefined, actorRole: 'rep' }))).toBe(
      'stage.unchanged',
    );
  });
});
