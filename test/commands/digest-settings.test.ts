import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoWorkspace, snapshot, type DemoWorkspace } from '../support/workspace.js';
import { managerDigest } from '../../src/jobs/digest.js';
import { repNudge } from '../../src/jobs/nudge.js';

describe('digest settings', () => {
  let demo: DemoWorkspace;
  beforeAll(async () => {
    demo = await demoWorkspace('sqlite');
  });
  afterAll(() => demo.cleanup());

  const member = (handle: string) => demo.db.member.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, handle } });
  const dueFor = async (job: typeof managerDigest | typeof repNudge, handle: string, now: string) => {
    const id = (await member(handle)).id;
    return (await job.dueSlots({ db: demo.db, now: new Date(now) }))
      .filter((slot) => slot.recipientKey === `member:${id}`)
      .map((slot) => slot.slotAt.toISOString());
  };

  it('lets a member opt out and back in', async () => {
    // Tuesday 2026-11-24 08:30 in New York is 13:30 UTC.
    expect(await dueFor(managerDigest, 'mike', '2026-11-24T13:31:00Z')).toEqual(['2026-11-24T13:30:00.000Z']);
    expect((await demo.run('/dealdesk digest off', 'mike')).text).toContain('Your morning digest is off.');
    expect(await dueFor(managerDigest, 'mike', '2026-11-24T13:31:00Z')).toEqual([]);
    await demo.run('/dealdesk digest on', 'mike');
    expect(await dueFor(managerDigest, 'mike', '2026-11-24T13:31:00Z')).toEqual(['2026-11-24T13:30:00.000Z']);
  });

  it('sets a member’s own time in their zone, and back to the default', async () => {
    expect((await demo.run('/dealdesk digest time 7:45', 'alice')).text).toContain('07:45');
    expect(await dueFor(repNudge, 'alice', '2026-11-24T12:46:00Z')).toEqual(['2026-11-24T12:45:00.000Z']);
    expect((await demo.run('/dealdesk digest time 25:00', 'alice')).text).toMatch(/Type the time as HH:MM/);
    await demo.run('/dealdesk digest time default', 'alice');
    expect((await member('alice')).digestTime).toBeNull();
  });

  it('lets a team’s manager set its time and channel, and refuses a rep', async () => {
    const before = await snapshot(demo.db, demo.workspaceId);
    expect((await demo.run('/dealdesk digest team North America time 09:00', 'alice')).text).toMatch(
      /Only the manager of North America or an admin/,
    );
    expect(await snapshot(demo.db, demo.workspaceId)).toBe(before);
    expect((await demo.run('/dealdesk digest team East China time 09:00', 'mike')).text).toMatch(/Only the manager of East China/);

    expect((await demo.run('/dealdesk digest team North America time 09:00', 'mike')).text).toContain('09:00');
    expect(await dueFor(managerDigest, 'mike', '2026-11-24T14:01:00Z')).toEqual(['2026-11-24T14:00:00.000Z']);
    expect((await demo.run('/dealdesk digest team North America channel slack:C0SALES', 'mike')).text).toContain('slack:C0SALES');
    const team = await demo.db.team.findFirstOrThrow({ where: { workspaceId: demo.workspaceId, name: 'North America' } });
    expect([team.digestTime, team.digestTarget]).toEqual(['09:00', 'slack:C0SALES']);
    // In the shell there is no platform to infer, so a bare channel name is refused with the form to use.
    expect((await demo.run('/dealdesk digest team North America channel #sales', 'mike')).text).toMatch(/Write slack:C0123/);
  });
});
