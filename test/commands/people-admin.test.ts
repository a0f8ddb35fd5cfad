// Teams, people and roles administered by commands only, from an empty workspace.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../support/databases.js';
import { FIXED_NOW } from '../support/workspace.js';
import type { CommandContext } from '../../src/commands/context.js';
import type { CommandResult } from '../../src/commands/command.js';
import { execute } from '../../src/commands/execute.js';
import { createWorkspace, loadWorkspaceContext } from '../../src/store/workspaces.js';
import { createMember, loadActor } from '../../src/store/members.js';
import { renderText } from '../../src/views/render/text.js';
import { actionsOf, type Block, type Screen } from '../../src/views/screen.js';

type Office = FreshDatabase & {
  workspaceId: string;
  run(line: string, handle?: string): Promise<CommandResult & { text: string }>;
  member(
    handle: string,
  ): Promise<{ id: string; role: string; teamId: string | null; managerId: string | null; active: boolean; timeZone: string | null }>;
  teamId(name: string): Promise<string>;
};

/** An empty workspace as `npm start -- --no-demo` makes it, with five more people who never used DealDesk. */
async function emptyOffice(provider: (typeof ALL_PROVIDERS)[number]): Promise<Office> {
  const fresh = await freshDatabase(provider);
  const { db } = fresh;
  const workspaceId = await createWorkspace(db, { name: 'Acme Sales', timeZone: 'UTC' }, { platform: 'shell', externalTenantId: 'local' });
  await createMember(db, workspaceId, { name: 'Ada King', handle: 'ada', role: 'admin' });
  for (const [name, handle] of [
    ['Carmen Diaz', 'carmen'],
    ['Mike Johnson', 'mike'],
    ['Bob Lee', 'bob'],
    ['Ann Wu', 'ann'],
    ['Raj Patel', 'raj'],
  ] as const)
    await createMember(db, workspaceId, { name, handle });
  const contextFor = async (handle: string): Promise<CommandContext> => {
    const workspace = await loadWorkspaceContext(db, workspaceId);
    const member = await db.member.findFirst({ where: { workspaceId, handle }, select: { id: true } });
    if (!workspace || !member) throw new Error(`no @${handle}`);
    const actor = await loadActor(db, workspace, member.id);
    if (!actor) throw new Error(`@${handle} is inactive`);
    return { db, workspace, actor, now: FIXED_NOW, platform: 'shell' };
  };
  return {
    ...fresh,
    workspaceId,
    async run(line, handle = 'ada') {
      const result = await execute(line, await contextFor(handle));
      return { ...result, text: renderText(result.screen) };
    },
    member: (handle) =>
      db.member.findFirstOrThrow({
        where: { workspaceId, handle },
        select: { id: true, role: true, teamId: true, managerId: true, active: true, timeZone: true },
      }),
    teamId: async (name) => (await db.team.findFirstOrThrow({ where: { workspaceId, name }, select: { id: true } })).id,
  };
}

/** The cells of a screen's table row whose first cell is `name`; `totals` gives the totals row. */
function tableRow(screen: Screen, name: string): string[] {
  const table = screen.blocks.find((b): b is Extract<Block, { type: 'table' }> => b.type === 'table');
  if (!table) throw new Error(`no table on ${screen.title}`);
  const row = name === 'totals' ? table.totals : table.rows.find((cells) => cells[0] === name);
  if (!row) throw new Error(`no row ${name} in ${JSON.stringify(table.rows)}`);
  return row;
}

/** Two teams with managers and reps, set up by an admin typing commands. */
async function twoTeams(office: Office): Promise<void> {
  for (const line of [
    '/dealdesk team new East China region APAC timezone Asia/Shanghai',
    '/dealdesk team new North America region AMER timezone America/New_York',
    '/dealdesk team add East China @bob @ann',
    '/dealdesk team manager East China @carmen',
    '/dealdesk team manager North America @mike',
    '/dealdesk team add North America @raj',
  ]) {
    const { error, text } = await office.run(line);
    expect(error, `${line}\n${text}`).toBeUndefined();
  }
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`people and teams by command on ${provider}`, () => {
    let office: Office;
    beforeEach(async () => {
      office = await emptyOffice(provider);
    });
    afterEach(() => office.cleanup());

    it('builds two teams with managers and reps, and names who reports to whom', async () => {
      expect((await office.run('/dealdesk team new East China region APAC timezone Asia/Shanghai')).text).toBe(
        '✓ Created team East China (region APAC, time zone Asia/Shanghai). Next: name its manager with /dealdesk team manager East China @user.',
      );
      const duplicate = await office.run('/dealdesk team new east china');
      expect(duplicate.error?.message).toBe('There is already a team called East China. Choose another name.');
      const badZone = await office.run('/dealdesk team new West timezone Mars/Base');
      expect(badZone.error?.message).toContain('“Mars/Base” is not a time zone');
      expect(await office.db.team.count({ where: { workspaceId: office.workspaceId } })).toBe(1);

      expect((await office.run('/dealdesk team add East China @bob @ann')).text).toBe('✓ Added Bob Lee, Ann Wu to East China.');
      expect((await office.run('/dealdesk team manager East China @carmen')).text).toBe(
        '✓ Carmen Diaz now manages East China; 2 people report to them. Carmen Diaz is now a manager.',
      );
      const east = await office.teamId('East China');
      const carmen = await office.member('carmen');
      expect(carmen).toMatchObject({ role: 'manager', teamId: east });
      expect(await office.member('bob')).toMatchObject({ teamId: east, managerId: carmen.id });
      expect(await office.member('ann')).toMatchObject({ teamId: east, managerId: carmen.id });

      await office.run('/dealdesk team new North America region AMER timezone America/New_York');
      await office.run('/dealdesk team manager North America @mike');
      // Someone added after the manager was named reports to them too.
      expect((await office.run('/dealdesk team add North America @raj')).text).toBe(
        '✓ Added Raj Patel to North America, reporting to Mike Johnson.',
      );
      expect((await office.member('raj')).managerId).toBe((await office.member('mike')).id);

      // A new manager takes over the reports of the previous one.
      expect((await office.run('/dealdesk team manager East China @ann')).text).toBe(
        '✓ Ann Wu now manages East China; 2 people report to them. Ann Wu is now a manager.',
      );
      expect((await office.member('bob')).managerId).toBe((await office.member('ann')).id);
      expect((await office.member('carmen')).managerId).toBe((await office.member('ann')).id);
    });

    it('routes a manager-tier discount to the manager named by command', async () => {
      await twoTeams(office);
      await office.run('/deal new Acme 50k proposal', 'bob');
      const asked = await office.run('/deal discount D-1 15% competitor price', 'bob');
      expect(asked.error).toBeUndefined();
      expect((await office.run('/deal approvals', 'carmen')).text).toContain('D-1');
      expect((await office.run('/deal approve D-1', 'carmen')).error).toBeUndefined();
    });

    it('refuses reps, keeps managers to their own team, and lets admins do the rest', async () => {
      await twoTeams(office);
      const rep = 'Only admins, and managers for the team they manage, can change teams and people. Ask your manager or an admin.';
      for (const line of ['/dealdesk team new Sales', '/dealdesk team add East China @raj', '/dealdesk member @ann timezone Asia/Tokyo'])
        expect((await office.run(line, 'bob')).text, line).toBe(`✗ ${rep}`);

      // Carmen runs East China: rename it, set a rep's time zone and manager, take a rep out and back in.
      expect((await office.run('/dealdesk team rename East China to Greater China', 'carmen')).text).toBe(
        '✓ Team East China is now called Greater China.',
      );
      expect((await office.run('/dealdesk member @bob timezone Asia/Tokyo', 'carmen')).text).toBe(
        '✓ Bob Lee’s time zone is now Asia/Tokyo.',
      );
      expect((await office.member('bob')).timeZone).toBe('Asia/Tokyo');
      expect((await office.run('/dealdesk team remove Greater China @ann', 'carmen')).text).toBe('✓ Removed Ann Wu from Greater China.');
      expect(await office.member('ann')).toMatchObject({ teamId: null, managerId: null });
      expect((await office.run('/dealdesk team add Greater China @ann', 'carmen')).error).toBeUndefined();

      // …but not North America, its people, roles, or new teams.
      expect((await office.run('/dealdesk team rename North America to NA', 'carmen')).error?.message).toBe(
        'Only an admin or the manager of North America can change that team. Ask them; /dealdesk people shows who they are.',
      );
      expect((await office.run('/dealdesk member @raj timezone Asia/Tokyo', 'carmen')).error?.message).toBe(
        'Raj Patel is not in a team you manage, so only an admin can change that. Ask an admin.',
      );
      expect((await office.run('/dealdesk member @bob manager @mike', 'carmen')).error?.message).toBe(
        'Mike Johnson is not in a team you manage, so only an admin can change that. Ask an admin.',
      );
      expect((await office.run('/dealdesk member @bob manager @ann', 'carmen')).text).toBe('✓ Bob Lee now reports to Ann Wu.');
      expect((await office.run('/dealdesk team add Greater China @raj', 'carmen')).error?.message).toBe(
        'Managers move only reps in no team or in their own; only an admin can move Raj Patel to or from Greater China.',
      );
      const adminOnly = 'Only a workspace admin can do that. Ask an admin; /dealdesk people shows who they are.';
      expect((await office.run('/dealdesk member @bob role manager', 'carmen')).error?.message).toBe(adminOnly);
      expect((await office.run('/dealdesk team new Sales', 'carmen')).error?.message).toBe(adminOnly);
      expect((await office.run('/dealdesk workspace name Mine', 'carmen')).error?.message).toBe(adminOnly);
      expect((await office.member('raj')).timeZone).toBeNull();

      // "to" may be part of a team's name.
      await office.run('/dealdesk team new Go to Market');
      expect((await office.run('/dealdesk team rename Go to Market to Growth')).text).toBe('✓ Team Go to Market is now called Growth.');
      expect((await office.run('/dealdesk team rename Growth to')).error?.message).toBe(
        'Say the new name after “to”, e.g. “/dealdesk team rename Growth to Greater China”.',
      );

      // The admin changes roles and the workspace's name.
      expect((await office.run('/dealdesk member @raj role admin')).text).toBe('✓ Raj Patel’s role is now admin.');
      expect((await office.run('/dealdesk member @raj role rep')).text).toBe('✓ Raj Patel’s role is now rep.');
      expect((await office.run('/dealdesk workspace name Acme APAC Sales')).text).toBe(
        '✓ The workspace “Acme Sales” is now called “Acme APAC Sales”.',
      );
    });

    it('keeps the last admin, and refuses to delete a team with people or quotas', async () => {
      await twoTeams(office);
      const last = 'Ada King is the last active admin. Make someone else admin first: /dealdesk member @user role admin.';
      expect((await office.run('/dealdesk member @ada role rep')).error?.message).toBe(last);
      expect((await office.run('/dealdesk member @ada deactivate')).error?.message).toBe(last);
      expect(await office.member('ada')).toMatchObject({ role: 'admin', active: true });
      await office.run('/dealdesk member @carmen role admin');
      expect((await office.run('/dealdesk member @ada role rep')).text).toBe('✓ Ada King’s role is now rep.');

      expect((await office.run('/dealdesk team delete North America', 'carmen')).error?.message).toBe(
        'North America still has 2 people. Move them out first with “/dealdesk team remove North America @user…” (/dealdesk people shows who), then delete it.',
      );
      await office.run('/dealdesk team remove North America @raj @mike', 'carmen');
      await office.run('/quota set team East China 200k', 'carmen');
      await office.run('/dealdesk team new Empty', 'carmen');
      await office.run('/quota set team Empty 10k', 'carmen');
      expect((await office.run('/dealdesk team delete Empty', 'carmen')).error?.message).toBe(
        'Empty has 1 quota, which is its history and cannot be deleted. Keep the team, or rename it: /dealdesk team rename Empty to <name>.',
      );
      await office.run('/deal new Zeta 5k proposal', 'raj');
      await office.run('/dealdesk team add North America @raj', 'carmen');
      await office.run('/deal new Yotta 7k proposal', 'raj');
      await office.run('/dealdesk team remove North America @raj', 'carmen');
      expect((await office.run('/dealdesk team delete North America', 'carmen')).text).toBe(
        '✓ Deleted team North America. The deal sold in it now counts for no team (“No team” in /quota all).',
      );
      expect(await office.db.deal.findMany({ where: { workspaceId: office.workspaceId }, select: { teamId: true } })).toEqual([
        { teamId: null },
        { teamId: null },
      ]);
    });

    it('a manager made a rep stops managing their team, and the answer asks for a new manager', async () => {
      await twoTeams(office);
      const east = await office.teamId('East China');
      expect((await office.run('/dealdesk member @carmen role rep')).text).toBe(
        '✓ Carmen Diaz’s role is now rep. Carmen Diaz no longer manages East China: name a new manager with /dealdesk team manager East China @user.',
      );
      expect(await office.db.team.findUniqueOrThrow({ where: { id: east }, select: { managerId: true } })).toEqual({ managerId: null });
      expect((await office.run('/dealdesk setup')).text).toContain('East China has no manager');
      const audit = await office.db.auditEntry.findMany({ where: { subjectId: east, action: 'team.manager_changed' } });
      expect(audit.map((entry) => entry.after)).toContainEqual({ managerId: null });
    });

    it('creates one team when the same name is typed twice at the same moment', async () => {
      const answers = await Promise.all([office.run('/dealdesk team new Hydra'), office.run('/dealdesk team new hydra')]);
      expect(answers.map((answer) => answer.error?.code ?? 'created').sort()).toEqual(['created', 'team.duplicate']);
      expect(await office.db.team.count({ where: { workspaceId: office.workspaceId } })).toBe(1);
    });

    it('keeps one admin when two admins step each other down at the same moment', async () => {
      await office.run('/dealdesk member @raj role admin');
      const [first, second] = await Promise.all([
        office.run('/dealdesk member @raj role rep', 'ada'),
        office.run('/dealdesk member @ada role rep', 'raj'),
      ]);
      expect([first.error?.code, second.error?.code].filter(Boolean)).toEqual(['people.last_admin']);
      expect(await office.db.member.count({ where: { workspaceId: office.workspaceId, role: 'admin', active: true } })).toBe(1);
    });

    it('writes one audit entry per change, with who, before and after', async () => {
      await twoTeams(office);
      await office.run('/dealdesk team rename East China to Greater China', 'carmen');
      await office.run('/dealdesk member @raj role admin');
      const carmen = await office.member('carmen');
      const ada = await office.member('ada');
      const east = await office.teamId('Greater China');
      const entries = await office.db.auditEntry.findMany({
        where: { workspaceId: office.workspaceId },
        select: { actorId: true, subjectType: true, subjectId: true, action: true, before: true, after: true },
        orderBy: { id: 'asc' },
      });
      expect(entries).toContainEqual({
        actorId: carmen.id,
        subjectType: 'team',
        subjectId: east,
        action: 'team.renamed',
        before: { name: 'East China' },
        after: { name: 'Greater China' },
      });
      expect(entries).toContainEqual({
        actorId: ada.id,
        subjectType: 'member',
        subjectId: carmen.id,
        action: 'member.role_changed',
        before: { role: 'rep' },
        after: { role: 'manager' },
      });
      expect(entries).toContainEqual({
        actorId: ada.id,
        subjectType: 'member',
        subjectId: (await office.member('raj')).id,
        action: 'member.role_changed',
        before: { role: 'rep' },
        after: { role: 'admin' },
      });
      const actions = entries.map((entry) => entry.action);
      expect(actions.filter((a) => a === 'team.created')).toHaveLength(2);
      expect(actions.filter((a) => a === 'member.team_changed')).toHaveLength(5); // bob, ann, carmen, mike, raj
      // A refused change writes nothing.
      await office.run('/dealdesk team new Sales', 'bob');
      expect(await office.db.auditEntry.count({ where: { workspaceId: office.workspaceId } })).toBe(entries.length);
    });

    it('deactivates a rep: asks where the open deals go, hands them over or keeps them, and no figure loses their wins', async () => {
      await twoTeams(office);
      await office.run('/quota set @bob 100k', 'carmen');
      await office.run('/deal new Acme 40k won', 'bob');
      await office.run('/deal new Beta 30k proposal', 'bob');
      await office.run('/deal new Gamma 20k lead', 'bob');
      await office.run('/deal new Delta 10k proposal', 'ann');
      const quotaBefore = (await office.run('/quota team', 'carmen')).screen;
      const pipelineBefore = (await office.run('/pipeline team', 'carmen')).screen;
      expect(tableRow(quotaBefore, 'Bob Lee').slice(0, 3)).toEqual(['Bob Lee', '$100K', '$40K']);

      const ask = await office.run('/dealdesk member @bob deactivate');
      expect(ask.text).toBe(
        '! Bob Lee has 2 open deals. Who should get them?\n[!1 Give them to Carmen Diaz] [!2 Keep them under Bob Lee] [!3 Give them to…]',
      );
      expect(actionsOf(ask.screen).map((a) => a.command)).toEqual([
        'dealdesk member @bob deactivate to @carmen',
        'dealdesk member @bob deactivate keep',
        'dealdesk member @bob deactivate to',
      ]);
      expect((await office.member('bob')).active).toBe(true);

      const handedOver = await office.run('/dealdesk member @bob deactivate to @ann');
      // Cards of the deals handed over are refreshed where they were posted.
      expect(handedOver.effects?.map((effect) => effect.type === 'deal_changed' && effect.number)).toEqual([2, 3]);
      expect(handedOver.text).toBe(
        '✓ Bob Lee is deactivated; their 2 open deals now belong to Ann Wu. Closed deals stay where they were won, so no figure loses them.',
      );
      const bob = await office.member('bob');
      const ann = await office.member('ann');
      const east = await office.teamId('East China');
      expect(bob.active).toBe(false);
      const deals = await office.db.deal.findMany({
        where: { workspaceId: office.workspaceId },
        select: { number: true, ownerId: true, teamId: true, version: true },
        orderBy: { number: 'asc' },
      });
      expect(deals).toEqual([
        { number: 1, ownerId: bob.id, teamId: east, version: 1 },
        { number: 2, ownerId: ann.id, teamId: east, version: 2 },
        { number: 3, ownerId: ann.id, teamId: east, version: 2 },
        { number: 4, ownerId: ann.id, teamId: east, version: 1 },
      ]);
      const events = await office.db.dealEvent.findMany({
        where: { workspaceId: office.workspaceId, type: 'owner_changed' },
        select: { before: true, after: true },
      });
      expect(events).toHaveLength(2);
      expect(events[0]).toEqual({
        before: { ownerId: bob.id, name: 'Bob Lee', teamId: east },
        after: { ownerId: ann.id, name: 'Ann Wu', teamId: east },
      });

      // Bob's win still counts for East China in Q4, under his name; the pipeline is the same.
      const quotaAfter = (await office.run('/quota team', 'carmen')).screen;
      expect(tableRow(quotaAfter, 'Bob Lee (inactive)').slice(0, 3)).toEqual(['Bob Lee (inactive)', '$100K', '$40K']);
      expect(tableRow(quotaAfter, 'totals')).toEqual(tableRow(quotaBefore, 'totals'));
      expect(tableRow((await office.run('/pipeline team', 'carmen')).screen, 'totals')).toEqual(tableRow(pipelineBefore, 'totals'));
      expect((await office.run('/quota all')).text).toContain('$40K');

      // He cannot act, and shows as inactive.
      await expect(office.run('/pipeline', 'bob')).rejects.toThrow('@bob is inactive');
      expect((await office.run('/dealdesk people')).text).toContain(
        'Bob Lee (@bob) — rep · East China · reports to Carmen Diaz · team time zone · inactive',
      );
      expect((await office.run('/dealdesk member @bob reactivate')).text).toBe('✓ Bob Lee is active again and can use DealDesk.');
      expect((await office.member('bob')).active).toBe(true);

      // Keep: Ann's three open deals stay hers and in the team's pipeline.
      expect((await office.run('/dealdesk member @ann deactivate keep')).text).toBe(
        '✓ Ann Wu is deactivated; their 3 open deals stay under their name and in their team’s figures. Closed deals stay where they were won.',
      );
      expect(await office.db.deal.count({ where: { workspaceId: office.workspaceId, ownerId: ann.id } })).toBe(3);
      expect(tableRow((await office.run('/pipeline team', 'carmen')).screen, 'totals')).toEqual(tableRow(pipelineBefore, 'totals'));
      const refused = await office.run('/dealdesk member @carmen deactivate to @ann');
      expect(refused.error?.message).toBe('Ann Wu is deactivated. Reactivate them first: /dealdesk member @ann reactivate.');
      // A manager with no open deals goes at once; their team is told to find a new manager.
      const manager = await office.run('/dealdesk member @mike deactivate');
      expect(manager.text).toBe(
        '✓ Mike Johnson is deactivated. Their closed deals still count for the teams and periods they were won in. Mike Johnson managed North America: name a new manager with /dealdesk team manager North America @user.',
      );
    });

    it('moves a rep to another team: their deals stay in the team they were sold in, as the README says', async () => {
      await twoTeams(office);
      await office.run('/deal new Orbit 25k proposal', 'raj');
      await office.run('/deal new Pulsar 15k won', 'raj');
      const before = tableRow((await office.run('/pipeline team North America', 'ada')).screen, 'totals');
      expect((await office.run('/dealdesk member @raj team East China')).text).toBe(
        '✓ Added Raj Patel to East China, reporting to Carmen Diaz. Raj Patel’s open deal stays counted in North America, where it was sold; /deal update <deal> owner @user hands it over.',
      );
      const [na, east] = [await office.teamId('North America'), await office.teamId('East China')];
      expect(await office.member('raj')).toMatchObject({ teamId: east, managerId: (await office.member('carmen')).id });
      expect(
        await office.db.deal.findMany({ where: { workspaceId: office.workspaceId }, select: { teamId: true }, orderBy: { number: 'asc' } }),
      ).toEqual([{ teamId: na }, { teamId: na }]);
      expect(tableRow((await office.run('/pipeline team North America', 'ada')).screen, 'totals')).toEqual(before);
      // Handing the open deal over moves it to the new owner's team, as /deal update owner always has.
      await office.run('/deal update Orbit owner @bob', 'ada');
      expect((await office.db.deal.findFirstOrThrow({ where: { workspaceId: office.workspaceId, number: 1 } })).teamId).toBe(east);
      // And back out of any team.
      expect((await office.run('/dealdesk member @raj team none', 'carmen')).text).toBe('✓ Removed Raj Patel from East China.');
      expect(await office.member('raj')).toMatchObject({ teamId: null, managerId: null });
    });

    it('lists teams and people in English and Chinese, a page at a time', async () => {
      await twoTeams(office);
      await office.run('/dealdesk member @raj timezone Asia/Kolkata');
      const en = (await office.run('/dealdesk people')).text;
      expect(en).toContain('People · Acme Sales');
      expect(en).toMatch(/East China +APAC +Asia\/Shanghai +Carmen Diaz +3/);
      expect(en).toMatch(/North America +AMER +America\/New_York +Mike Johnson +2/);
      expect(en).toContain('• Raj Patel (@raj) — rep · North America · reports to Mike Johnson · Asia/Kolkata · active [!');
      expect(en).toContain('[!1 New team]');
      await office.run('/dealdesk language zh', 'carmen');
      const zh = (await office.run('/dealdesk people', 'carmen')).text;
      expect(zh).toContain('人员 · Acme Sales');
      expect(zh).toMatch(/团队 +区域 +时区 +经理 +人数/);
      expect(zh).toContain('• Bob Lee (@bob) — 销售 · East China · 向 Carmen Diaz 汇报 · 团队时区 · 在职 [!2 编辑]');
      expect(zh).not.toContain('新建团队'); // only admins create teams
      // Carmen may edit only the people of the team she manages.
      expect(zh).toContain('• Raj Patel (@raj) — 销售 · North America · 向 Mike Johnson 汇报 · Asia/Kolkata · 在职\n');

      for (let i = 0; i < 30; i++)
        await createMember(office.db, office.workspaceId, { name: `Zed ${String(i).padStart(2, '0')}`, handle: `zed${i}` });
      const first = await office.run('/dealdesk people');
      expect(first.text).toContain('1–20 of 36 · page 1 of 2');
      expect(actionsOf(first.screen).at(-1)).toMatchObject({ command: 'dealdesk people page 2' });
      const second = await office.run('/dealdesk people page 2');
      expect(second.text).toContain('21–36 of 36 · page 2 of 2');
      // Past the end (a stale button after people left): the last page, never an empty "41–36".
      expect((await office.run('/dealdesk people page 3')).text).toContain('21–36 of 36 · page 2 of 2');
      expect(second.text).toContain('Zed 29 (@zed29)');
      expect((await office.run('/dealdesk people page 0')).error?.message).toBe(
        'Pages are numbered from 1. Type e.g. “/dealdesk people page 2”.',
      );
    });
  });
}
