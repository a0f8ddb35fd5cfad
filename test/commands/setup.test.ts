// `/dealdesk setup` lists what a real workspace still lacks (teams, managers, quotas, discount approvers),
// with the command to type and, for admins, a button that runs it; the welcome shows the three steps.
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../support/databases.js';
import { demoWorkspace, FIXED_NOW } from '../support/workspace.js';
import { createWorkspace } from '../../src/store/workspaces.js';
import { createMember, loadActor } from '../../src/store/members.js';
import { loadWorkspaceContext } from '../../src/store/workspaces.js';
import { execute } from '../../src/commands/execute.js';
import { welcomeFor } from '../../src/commands/dealdesk-setup.js';
import { actionsOf, type Screen } from '../../src/views/screen.js';
import { renderText } from '../../src/views/render/text.js';
import { qualifiedChannelTarget } from '../../src/adapters/channel-target.js';
import type { CommandContext } from '../../src/commands/context.js';
import { runShell } from '../../src/adapters/shell/run-shell.js';

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`first-run setup on ${provider}`, () => {
    let fresh: FreshDatabase;
    let workspaceId: string;
    const ids: Record<string, string> = {};

    beforeEach(async () => {
      fresh = await freshDatabase(provider);
      workspaceId = await createWorkspace(
        fresh.db,
        { name: 'Acme Sales', timeZone: 'America/New_York' },
        { platform: 'shell', externalTenantId: 'local' },
      );
      ids.ann = await createMember(fresh.db, workspaceId, { name: 'Ann Admin', handle: 'ann', role: 'admin' });
      ids.mia = await createMember(fresh.db, workspaceId, { name: 'Mia Manager', handle: 'mia', role: 'manager' });
      ids.rob = await createMember(fresh.db, workspaceId, { name: 'Rob Rep', handle: 'rob' });
      ids.rita = await createMember(fresh.db, workspaceId, { name: 'Rita Rep', handle: 'rita' });
    });
    afterEach(() => fresh.cleanup());

    async function contextFor(handle: string): Promise<CommandContext> {
      const workspace = await loadWorkspaceContext(fresh.db, workspaceId);
      const actor = await loadActor(fresh.db, workspace!, ids[handle]!);
      return {
        db: fresh.db,
        workspace: workspace!,
        actor: actor!,
        now: FIXED_NOW,
        platform: 'shell',
        channelTarget: qualifiedChannelTarget,
      };
    }

    async function run(line: string, handle = 'ann'): Promise<{ screen: Screen; text: string }> {
      const { screen } = await execute(line, await contextFor(handle));
      return { screen, text: renderText(screen) };
    }

    async function team(name: string, manager: string | null, reps: string[]): Promise<void> {
      const created = await fresh.db.team.create({
        data: { workspaceId, name, nameKey: name.toLowerCase(), managerId: manager ? ids[manager]! : null },
      });
      for (const rep of reps)
        await fresh.db.member.update({ where: { id: ids[rep]! }, data: { teamId: created.id, managerId: manager ? ids[manager]! : null } });
    }

    it('lists everything an empty workspace lacks, each with the command to type and a button for the admin', async () => {
      const { screen, text } = await run('dealdesk setup');
      expect(text).toContain('Set up your team');
      expect(text).toContain('6 things are still missing');
      expect(text).toContain('No teams yet');
      expect(text).toContain('Type /dealdesk team new <name>');
      expect(text).toContain('Rob Rep (@rob) has no quota for today');
      expect(text).toContain('Rita Rep (@rita) has no quota for today');
      expect(text).toContain('Discounts above 10% up to 20% go to the rep’s manager, but Rita Rep, Rob Rep have no manager');
      expect(text).toContain('Discounts above 20% up to 30% go to the deal_desk group, which has nobody in it');
      expect(text).toContain('Discounts above 30% up to 100% go to the finance group, which has nobody in it');
      expect(text).toContain('Until then those requests go to the admins.');
      expect(actionsOf(screen).map((action) => [action.label, action.command])).toEqual([
        ['Create a team', 'dealdesk team new'],
        ['Set quota', 'quota set @rita'],
        ['Set quota', 'quota set @rob'],
        ['People', 'dealdesk people'],
        ['Add to deal_desk', 'dealdesk policy group deal_desk'],
        ['Add to finance', 'dealdesk policy group finance'],
      ]);
    });

    it('shows a rep the same list without buttons, in their language', async () => {
      await run('dealdesk language zh', 'rob');
      const { screen, text } = await run('dealdesk setup', 'rob');
      expect(text).toContain('设置您的团队');
      expect(text).toContain('还没有团队');
      expect(text).toContain('Rob Rep（@rob）今天没有配额');
      expect(text).toContain('管理员可以补全这些设置。');
      expect(actionsOf(screen)).toEqual([]);
    });

    it('names each team without a manager, and reps without a manager only while the policy routes to managers', async () => {
      await team('North', 'mia', ['rob']);
      await team('South Coast', null, ['rita']);
      const { screen, text } = await run('dealdesk setup');
      expect(text).not.toContain('No teams yet');
      expect(text).toContain('South Coast has no manager');
      expect(text).not.toContain('North has no manager');
      expect(text).toContain('but Rita Rep has no manager');
      // The manager's manager is nobody: only a policy that names it says so.
      expect(text).not.toContain('manager’s manager');
      expect(actionsOf(screen).find((action) => action.id === 'setup.team_manager')?.command).toBe('dealdesk team manager "South Coast"');
      await run('dealdesk policy set 10%:none 20%:managers_manager 100%:finance');
      const after = await run('dealdesk setup');
      expect(after.text).toContain('Discounts above 10% up to 20% go to the manager’s manager, but the managers of Mia Manager have none');
      expect(after.text).not.toContain('go to the rep’s manager');
      expect(after.text).not.toContain('deal_desk');
    });

    it('keeps a sentence short in a bigger workspace: five names, then how many more', async () => {
      for (const name of ['Uma', 'Vic', 'Wes', 'Xia', 'Yan'])
        await createMember(fresh.db, workspaceId, { name: `${name} Rep`, handle: name });
      const { text } = await run('dealdesk setup');
      expect(text).toContain('but Rita Rep, Rob Rep, Uma Rep, Vic Rep, Wes Rep, 2 more have no manager');
      expect(text).toContain('Yan Rep (@yan) has no quota for today');
    });

    it('counts only a quota whose dates include today, and the buttons run what they say', async () => {
      await run('quota set @rob 50k 2026-Q3');
      expect((await run('dealdesk setup')).text).toContain('Rob Rep (@rob) has no quota for today');
      const { screen } = await run('dealdesk setup');
      const setQuota = actionsOf(screen).find((action) => action.command === 'quota set @rob');
      expect(setQuota?.input?.prompt).toBe('Quota of Rob Rep for this quarter, e.g. 50k');
      // Pressing it is typing its command with the answer appended.
      expect((await run(`${setQuota!.command} 60k`)).text).toContain('$60,000.00');
      expect((await run('dealdesk setup')).text).not.toContain('Rob Rep (@rob)');
    });

    it('says the team is set up when nothing is missing, with what to try next', async () => {
      await team('North', 'mia', ['rob', 'rita']);
      await run('quota set @rob 50k');
      await run('quota set @rita 40k');
      await run('dealdesk policy group deal_desk @ann');
      await run('dealdesk policy group finance @ann');
      const { screen, text } = await run('dealdesk setup', 'rita');
      expect(text).toContain('Your team is set up.');
      expect(text).toContain('/pipeline team');
      expect(text).not.toContain('missing');
      expect(actionsOf(screen)).toEqual([]);
      // A deactivated approver is nobody.
      await fresh.db.member.update({ where: { id: ids.ann! }, data: { active: false } });
      const admin = await createMember(fresh.db, workspaceId, { name: 'Second Admin', handle: 'sam', role: 'admin' });
      ids.sam = admin;
      expect((await run('dealdesk setup', 'sam')).text).toContain('go to the deal_desk group, which has nobody in it');
    });

    it('welcomes an admin with the three steps until teams, managers and quotas are there', async () => {
      const welcome = await welcomeFor(await contextFor('ann'));
      const text = renderText(welcome!);
      expect(text).toContain('Welcome to DealDesk');
      expect(text).toContain('Three steps set up Acme Sales for your team');
      expect(text).toContain('1. Create your teams');
      expect(text).toContain('2. Name their managers and add the reps');
      expect(text).toContain('3. Set quotas');
      expect(actionsOf(welcome!).map((action) => action.command)).toEqual(['dealdesk setup']);
      expect(await welcomeFor(await contextFor('rob'))).toBeNull();
      await team('North', 'mia', ['rob', 'rita']);
      await run('quota set @rob 50k');
      expect(await welcomeFor(await contextFor('ann'))).not.toBeNull();
      await run('quota set @rita 40k');
      // Approver groups are for /dealdesk setup, not the three steps.
      expect(await welcomeFor(await contextFor('ann'))).toBeNull();
    });

    it('prints the three steps as the banner of a shell started without the demo, until they are done', async () => {
      const empty = await freshDatabase(provider);
      const converse = async (lines: string[]): Promise<string> => {
        const input = new PassThrough();
        const output = new PassThrough();
        let text = '';
        output.on('data', (chunk: Buffer) => (text += chunk.toString()));
        const done = runShell({ db: empty.db, input, output, interactive: false, demo: false, clock: () => FIXED_NOW });
        input.end(lines.map((line) => `${line}\n`).join(''));
        await done;
        return text;
      };
      try {
        const first = await converse(['/dealdesk setup']);
        const banner = first.slice(0, first.indexOf('> /dealdesk setup'));
        expect(banner).toContain('Welcome to DealDesk');
        expect(banner).toContain('1. Create your teams — /dealdesk team new <name>');
        expect(banner).toContain('3. Set quotas — /quota set @user <amount> [period]');
        expect(banner).toContain('/dealdesk setup shows what is still missing.');
        // No button that !1 could not press, and no promise that a mention adds people (the shell has no profiles).
        expect(banner).not.toContain('[!1');
        expect(banner).not.toContain('Mention people');
        expect(first).toContain('No teams yet');
        // Once the three steps are done, a start shows no banner.
        const local = await empty.db.workspace.findFirstOrThrow({ select: { id: true } });
        const team = await empty.db.team.create({ data: { workspaceId: local.id, name: 'North', nameKey: 'north' } });
        const admin = await empty.db.member.findFirstOrThrow({ where: { workspaceId: local.id } });
        await empty.db.team.update({ where: { id: team.id }, data: { managerId: admin.id } });
        expect(await converse(['/pipeline all'])).not.toContain('Welcome to DealDesk');
      } finally {
        await empty.cleanup();
      }
    });

    it('welcomes nobody in the demo workspace', async () => {
      const demo = await demoWorkspace(provider);
      try {
        expect(await welcomeFor(await demo.contextFor('dana'))).toBeNull();
      } finally {
        await demo.cleanup();
      }
    });
  });
}
