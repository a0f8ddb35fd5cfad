// Which Teams user (`29:…`) is which AAD object, as a process remembers it for mentions (#14).
import { describe, expect, it } from 'vitest';
import { TeamsUserIds } from '../../../src/adapters/teams/user-ids.js';

describe('TeamsUserIds', () => {
  it('gives back what it learned, per tenant', () => {
    const ids = new TeamsUserIds();
    ids.remember('tenant-a', '29:bob', 'aad-bob');
    expect(ids.aadObjectIdOf('tenant-a', '29:bob')).toBe('aad-bob');
    // The same Teams user id in another tenant is someone else.
    expect(ids.aadObjectIdOf('tenant-b', '29:bob')).toBeUndefined();
  });

  it('keeps at most its size, forgetting the person least recently used', () => {
    const ids = new TeamsUserIds(2);
    ids.remember('t', '29:ann', 'aad-ann');
    ids.remember('t', '29:bob', 'aad-bob');
    // Ann was used again, so Bob is the oldest when Cy comes.
    expect(ids.aadObjectIdOf('t', '29:ann')).toBe('aad-ann');
    ids.remember('t', '29:cy', 'aad-cy');
    expect(ids.aadObjectIdOf('t', '29:bob')).toBeUndefined();
    expect([ids.aadObjectIdOf('t', '29:ann'), ids.aadObjectIdOf('t', '29:cy')]).toEqual(['aad-ann', 'aad-cy']);
  });

  it('takes a changed id for the same person', () => {
    const ids = new TeamsUserIds(2);
    ids.remember('t', '29:ann', 'aad-old');
    ids.remember('t', '29:ann', 'aad-new');
    expect(ids.aadObjectIdOf('t', '29:ann')).toBe('aad-new');
  });
});
