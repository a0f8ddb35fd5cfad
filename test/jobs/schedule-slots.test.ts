import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/store/db.js';
import {
  claimSlot,
  completeSlot,
  failSlot,
  findSlotStates,
  reclaimStaleSlots,
  recordDelivered,
  renewClaim,
  takeOverSlot,
  type SlotKey,
} from '../../src/store/schedule-slots.js';
import { freshDatabase, ALL_PROVIDERS, describeOn, type FreshDatabase } from '../support/databases.js';

const T = new Date('2026-11-23T08:30:00Z');
const minutes = (n: number) => new Date(T.getTime() + n * 60_000);
const key = (recipientKey: string, slotAt: Date = T): SlotKey => ({ job: 'test.daily', recipientKey, slotAt });

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`schedule slots (${provider})`, () => {
    let fresh: FreshDatabase;
    let other: Db;
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      other = createDb(fresh.url);
    });
    afterEach(async () => {
      await other.$disconnect();
      await fresh.cleanup();
    });

    const row = (slot: SlotKey) => fresh.db.scheduleSlot.findUnique({ where: { job_recipientKey_slotAt: slot } });

    it('lets only the first claim of a (job, recipient, slot) through', async () => {
      expect(await claimSlot(fresh.db, { ...key('member:a'), claimedBy: 'p1', now: T })).toBe(true);
      expect(await claimSlot(other, { ...key('member:a'), claimedBy: 'p2', now: T })).toBe(false);
      expect(await claimSlot(other, { ...key('member:b'), claimedBy: 'p2', now: T, late: true, workspaceId: null })).toBe(true);
      expect(await claimSlot(other, { ...key('member:a', minutes(24 * 60)), claimedBy: 'p2', now: T })).toBe(true);
      expect(await claimSlot(other, { ...key('member:a'), job: 'test.other', claimedBy: 'p2', now: T })).toBe(true);
      expect(await row(key('member:a'))).toMatchObject({ status: 'claimed', claimedBy: 'p1', attempts: 1, late: false, claimedAt: T });
      expect(await row(key('member:b'))).toMatchObject({ claimedBy: 'p2', late: true });
    });

    it('is exactly once under concurrent claims from two clients', async () => {
      const recipients = Array.from({ length: 25 }, (_, index) => `member:${index}`);
      const results = await Promise.all(
        recipients.flatMap((recipient) => [
          claimSlot(fresh.db, { ...key(recipient), claimedBy: 'p1' }).then((won) => (won ? `p1 ${recipient}` : null)),
          claimSlot(other, { ...key(recipient), claimedBy: 'p2' }).then((won) => (won ? `p2 ${recipient}` : null)),
        ]),
      );
      const winners = results.filter((won): won is string => won !== null);
      expect(winners).toHaveLength(25);
      expect(new Set(winners.map((won) => won.split(' ')[1])).size).toBe(25);
      expect(await fresh.db.scheduleSlot.count()).toBe(25);
    });

    it('completes by id or by key, and only for the current owner when one is named', async () => {
      await claimSlot(fresh.db, { ...key('member:a'), claimedBy: 'p1' });
      await claimSlot(fresh.db, { ...key('member:b'), claimedBy: 'p1' });
      const a = await row(key('member:a'));
      expect(await completeSlot(fresh.db, a?.id ?? '', { now: minutes(1) })).toBe(true);
      expect(await row(key('member:a'))).toMatchObject({ status: 'done', completedAt: minutes(1) });
      expect(await completeSlot(fresh.db, key('member:a'))).toBe(false); // already done
      expect(await completeSlot(fresh.db, key('member:b'), { owner: { claimedBy: 'p2', attempts: 1 } })).toBe(false);
      expect(await completeSlot(fresh.db, key('member:b'), { owner: { claimedBy: 'p1', attempts: 2 } })).toBe(false);
      expect(await completeSlot(fresh.db, key('member:b'), { owner: { claimedBy: 'p1', attempts: 1 }, late: true })).toBe(true);
      expect(await row(key('member:b'))).toMatchObject({ status: 'done', late: true });
    });

    it('keeps a retryable failure open and closes a final one', async () => {
      await claimSlot(fresh.db, { ...key('member:a'), claimedBy: 'p1' });
      await claimSlot(fresh.db, { ...key('member:b'), claimedBy: 'p1' });
      expect(await failSlot(fresh.db, key('member:a'), 'HTTP 503', { retryable: true })).toBe(true);
      expect(await failSlot(fresh.db, key('member:b'), 'channel_not_found', { retryable: false, now: minutes(1) })).toBe(true);
      expect(await row(key('member:a'))).toMatchObject({ status: 'failed', error: 'HTTP 503', completedAt: null });
      expect(await row(key('member:b'))).toMatchObject({ status: 'failed', error: 'channel_not_found', completedAt: minutes(1) });
      expect(await failSlot(fresh.db, key('member:a'), 'again', { retryable: true })).toBe(false); // not claimed any more
    });

    it('hands each stale claim to exactly one of two racing processes, and leaves fresh ones alone', async () => {
      for (let index = 0; index < 12; index++) await claimSlot(fresh.db, { ...key(`member:${index}`), claimedBy: 'dead', now: T });
      await claimSlot(fresh.db, { ...key('member:fresh'), claimedBy: 'alive', now: minutes(8) });
      await claimSlot(fresh.db, { ...key('member:done'), claimedBy: 'dead', now: T });
      await completeSlot(fresh.db, key('member:done'));
      await claimSlot(fresh.db, { ...key('member:x'), job: 'test.unknown', claimedBy: 'dead', now: T });

      const olderThan = minutes(1);
      const [first, second] = await Promise.all([
        reclaimStaleSlots(fresh.db, { olderThan, claimedBy: 'p1', now: minutes(11), jobs: ['test.daily'] }),
        reclaimStaleSlots(other, { olderThan, claimedBy: 'p2', now: minutes(11), jobs: ['test.daily'] }),
      ]);
      const taken = [...first, ...second].map((slot) => slot.recipientKey).sort();
      expect(taken).toEqual(Array.from({ length: 12 }, (_, index) => `member:${index}`).sort());
      expect([...first, ...second].every((slot) => slot.attempts === 2)).toBe(true);
      expect(first.every((slot) => slot.claimedBy === 'p1') && second.every((slot) => slot.claimedBy === 'p2')).toBe(true);
      expect(await row(key('member:fresh'))).toMatchObject({ claimedBy: 'alive', attempts: 1 });
      expect(await row({ ...key('member:x'), job: 'test.unknown' })).toMatchObject({ claimedBy: 'dead', attempts: 1 });
      expect(await reclaimStaleSlots(fresh.db, { olderThan, claimedBy: 'p3', jobs: ['test.daily'] })).toEqual([]);
    });

    it('lets one of two racing processes take over a failed slot', async () => {
      await claimSlot(fresh.db, { ...key('member:a'), claimedBy: 'p1', now: T });
      await failSlot(fresh.db, key('member:a'), 'HTTP 429', { retryable: true });
      const [state] = await findSlotStates(fresh.db, 'test.daily', [key('member:a')]);
      if (!state) throw new Error('no slot state');
      const [first, second] = await Promise.all([
        takeOverSlot(fresh.db, state, { claimedBy: 'p2', now: minutes(2), late: true }),
        takeOverSlot(other, state, { claimedBy: 'p3', now: minutes(2), late: true }),
      ]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const winner = first ?? second;
      expect(winner).toMatchObject({ recipientKey: 'member:a', attempts: 2, late: true });
      expect(await row(key('member:a'))).toMatchObject({
        status: 'claimed',
        claimedBy: winner?.claimedBy,
        attempts: 2,
        claimedAt: minutes(2),
      });
      // A final failure is not taken over.
      await failSlot(fresh.db, key('member:a'), 'gone', { retryable: false });
      const [closed] = await findSlotStates(fresh.db, 'test.daily', [key('member:a')]);
      expect(closed && (await takeOverSlot(fresh.db, closed, { claimedBy: 'p4' }))).toBeNull();
    });

    it('renews a claim and counts delivered messages only for its current owner, and a takeover resumes from the count', async () => {
      await claimSlot(fresh.db, { ...key('member:a'), claimedBy: 'p1', now: T });
      const p1 = { claimedBy: 'p1', attempts: 1 };
      expect(await recordDelivered(fresh.db, key('member:a'), p1, 2, minutes(0.5))).toBe(true);
      expect(await renewClaim(fresh.db, key('member:a'), p1, minutes(0.7))).toBe(true);
      expect(await row(key('member:a'))).toMatchObject({ delivered: 2, claimedAt: minutes(0.7), attempts: 1 });
      // Another process, or this one's stale attempt, changes nothing.
      expect(await renewClaim(other, key('member:a'), { claimedBy: 'p2', attempts: 1 }, minutes(0.8))).toBe(false);
      expect(await recordDelivered(other, key('member:a'), { claimedBy: 'p1', attempts: 2 }, 3, minutes(0.8))).toBe(false);
      const [taken] = await reclaimStaleSlots(other, { olderThan: minutes(2), claimedBy: 'p2', now: minutes(2) });
      expect(taken).toMatchObject({ claimedBy: 'p2', attempts: 2, delivered: 2 });
      expect(await recordDelivered(fresh.db, key('member:a'), p1, 3, minutes(2.1))).toBe(false);
      expect(await renewClaim(fresh.db, key('member:a'), p1, minutes(2.1))).toBe(false);
      expect(await row(key('member:a'))).toMatchObject({ delivered: 2, claimedAt: minutes(2), claimedBy: 'p2' });
    });

    it('finds the states of a job’s slots in one query', async () => {
      await claimSlot(fresh.db, { ...key('member:a'), claimedBy: 'p1' });
      await claimSlot(fresh.db, { ...key('member:b', minutes(60)), claimedBy: 'p1' });
      await claimSlot(fresh.db, { ...key('member:c'), job: 'test.other', claimedBy: 'p1' });
      const states = await findSlotStates(fresh.db, 'test.daily', [key('member:a'), key('member:b', minutes(60)), key('member:c')]);
      expect(states.map((state) => state.recipientKey).sort()).toEqual(['member:a', 'member:b']);
      expect(await findSlotStates(fresh.db, 'test.daily', [])).toEqual([]);
    });
  });
}
