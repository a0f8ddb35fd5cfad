// The people forms (team.new, member.edit, member.handover): rendered as a Slack modal and a Teams card,
// and submitted through the same command schemas as the typed commands.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../support/databases.js';
import { FIXED_NOW } from '../support/workspace.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { validateCard } from '../support/adaptive-cards.js';
import type { CommandContext } from '../../src/commands/context.js';
import { execute } from '../../src/commands/execute.js';
import { formFor, submitForm } from '../../src/commands/forms.js';
import { createWorkspace, loadWorkspaceContext } from '../../src/store/workspaces.js';
import { createMember, loadActor } from '../../src/store/members.js';
import { decodeAction, readModalValues, renderMessage, renderModal } from '../../src/views/render/block-kit.js';
import { renderCard, renderFormCard } from '../../src/views/render/adaptive-card.js';
import { renderText } from '../../src/views/render/text.js';
import { actionsOf, type Form } from '../../src/views/screen.js';

const moreText = (n: number): string => `…and ${n} more`;

type Office = FreshDatabase & { workspaceId: string; ctx(handle: string): Promise<CommandContext> };

async function office(provider: (typeof ALL_PROVIDERS)[number]): Promise<Office> {
  const fresh = await freshDatabase(provider);
  const { db } = fresh;
  const workspaceId = await createWorkspace(db, { name: 'Acme Sales' }, { platform: 'shell', externalTenantId: 'local' });
  await createMember(db, workspaceId, { name: 'Ada King', handle: 'ada', role: 'admin' });
  for (const [name, handle] of [
    ['Carmen Diaz', 'carmen'],
    ['Bob Lee', 'bob'],
  ] as const)
    await createMember(db, workspaceId, { name, handle });
  return {
    ...fresh,
    workspaceId,
    async ctx(handle) {
      const workspace = await loadWorkspaceContext(db, workspaceId);
      const member = await db.member.findFirst({ where: { workspaceId, handle }, select: { id: true } });
      const actor = workspace && member ? await loadActor(db, workspace, member.id) : null;
      if (!workspace || !actor) throw new Error(`no active @${handle}`);
      return { db, workspace, actor, now: FIXED_NOW, platform: 'slack' };
    },
  };
}

/** What Slack sends back for a modal: `view.state.values`, block id → action id → element state. */
function modalState(form: Form, values: Record<string, string>): unknown {
  const state: Record<string, Record<string, unknown>> = {};
  for (const field of form.fields) {
    const value = values[field.name] ?? '';
    state[field.name] = {
      [field.name]:
        field.kind === 'select'
          ? { type: 'static_select', selected_option: value ? { value, text: { type: 'plain_text', text: value } } : null }
          : { type: 'plain_text_input', value },
    };
  }
  return { values: state };
}

/** Both renderings must be accepted by the platforms' limits. */
function expectRenders(form: Form): void {
  const modal = renderModal(form, { callbackId: 'dd.form', privateMetadata: '{}', closeLabel: 'Cancel' });
  expect(checkBlockKitLimits({ view: modal })).toEqual([]);
  expect(modal.blocks.map((block) => block.block_id)).toEqual(form.fields.map((field) => field.name));
  expect(validateCard(renderFormCard(form))).toEqual([]);
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`people forms on ${provider}`, () => {
    let o: Office;
    beforeEach(async () => {
      o = await office(provider);
    });
    afterEach(() => o.cleanup());

    it('New team: the People button opens it, and its submission creates the team', async () => {
      const admin = await o.ctx('ada');
      const people = await execute('dealdesk people', admin);
      const button = actionsOf(people.screen).find((action) => action.id === 'team.new');
      expect(button).toMatchObject({ command: 'dealdesk team new', form: 'team.new' });
      // The Slack button carries the form id, so pressing it opens the modal.
      const slackButtons = JSON.stringify(renderMessage(people.screen, { moreText }).blocks);
      expect(slackButtons).toContain('\\"f\\":\\"team.new\\"');
      expect(decodeAction(JSON.stringify({ c: 'dealdesk team new', f: 'team.new', id: 'team.new' }))?.form).toBe('team.new');

      const form = await formFor('team.new', button?.command ?? '', admin);
      expectRenders(form);
      const card = renderFormCard(form);
      expect(JSON.stringify(card.actions)).toContain('"commandId":"dealdesk.team"');

      const values = readModalValues(modalState(form, { name: 'East China', region: 'APAC', timezone: 'Mars/Base' }));
      const refused = await submitForm(form, values, admin);
      expect(refused.error).toMatchObject({ field: 'timezone' });
      expect(await o.db.team.count()).toBe(0);
      const created = await submitForm(form, { ...values, timezone: 'Asia/Shanghai' }, admin);
      expect(renderText(created.screen)).toBe(
        '✓ Created team East China (region APAC, time zone Asia/Shanghai). Next: name its manager with /dealdesk team manager East China @user.',
      );
      // The shell shows the same form as its typed syntax.
      expect(renderText((await execute('dealdesk team new', admin)).screen)).toContain('Or type: /dealdesk team new <name>');
      // A rep cannot open it.
      await expect(formFor('team.new', 'dealdesk team new', await o.ctx('bob'))).rejects.toThrow('people.rep_forbidden');
    });

    it('Edit person: filled in with who they are now; only what was changed is applied', async () => {
      const admin = await o.ctx('ada');
      await execute('dealdesk team new East China', admin);
      await execute('dealdesk team new West', admin);
      await execute('dealdesk team manager East China @carmen', admin);
      await execute('dealdesk member @bob timezone Asia/Tokyo', admin);

      const people = await execute('dealdesk people', admin);
      const edit = actionsOf(people.screen).find((action) => action.command === 'dealdesk member @bob');
      expect(edit).toMatchObject({ id: 'member.edit', form: 'member.edit' });
      const form = await formFor('member.edit', edit?.command ?? '', admin);
      expectRenders(form);
      expect(form.hidden).toEqual({ handle: '@bob' });
      expect(Object.fromEntries(form.fields.map((field) => [field.name, field.value]))).toEqual({
        role: 'rep',
        team: 'none',
        manager: 'none',
        timezone: 'Asia/Tokyo',
      });
      expect(form.fields.find((field) => field.name === 'team')?.options?.map((option) => option.value)).toEqual([
        'none',
        'East China',
        'West',
      ]);
      expect(form.fields.find((field) => field.name === 'manager')?.options?.map((option) => option.value)).toEqual([
        'none',
        '@ada',
        '@carmen',
      ]);
      const modal = renderModal(form, { callbackId: 'dd.form', privateMetadata: '{}', closeLabel: 'Cancel' });
      expect(modal.blocks[1]).toMatchObject({ block_id: 'team', element: { type: 'static_select', initial_option: { value: 'none' } } });
      expect(JSON.stringify(renderFormCard(form).body)).toContain('"type":"Input.ChoiceSet"');

      // Only the team is changed: Bob joins East China and reports to its manager; the untouched
      // manager field ("none", as he was) does not undo that.
      const values = readModalValues(modalState(form, { role: 'rep', team: 'East China', manager: 'none', timezone: 'Asia/Tokyo' }));
      const saved = await submitForm(form, values, admin);
      expect(renderText(saved.screen)).toBe('✓ Added Bob Lee to East China, reporting to Carmen Diaz.');
      const carmen = await o.db.member.findFirstOrThrow({ where: { handle: 'carmen' }, select: { id: true } });
      expect(
        await o.db.member.findFirstOrThrow({ where: { handle: 'bob' }, select: { role: true, managerId: true, timeZone: true } }),
      ).toEqual({
        role: 'rep',
        managerId: carmen.id,
        timeZone: 'Asia/Tokyo',
      });

      // A manager's form may not change a role: refused on that field, and nothing else is written.
      const asCarmen = await o.ctx('carmen');
      const hers = await formFor('member.edit', 'dealdesk member @bob', asCarmen);
      const mixed = await submitForm(hers, { role: 'admin', team: 'East China', manager: '@carmen', timezone: 'Europe/Paris' }, asCarmen);
      expect(mixed.error).toMatchObject({ code: 'people.admin_forbidden' });
      expect((await o.db.member.findFirstOrThrow({ where: { handle: 'bob' }, select: { timeZone: true } })).timeZone).toBe('Asia/Tokyo');
      const tz = await submitForm(hers, { role: 'rep', team: 'East China', manager: '@carmen', timezone: 'Europe/Paris' }, asCarmen);
      expect(renderText(tz.screen)).toBe('✓ Bob Lee’s time zone is now Europe/Paris.');
      // Nothing changed: said so.
      expect(renderText((await submitForm(hers, { role: 'rep', team: 'East China', manager: '@carmen' }, asCarmen)).screen)).toBe(
        'Nothing changed for Bob Lee.',
      );
      await expect(formFor('member.edit', 'dealdesk member @ada', asCarmen)).rejects.toThrow('people.member_forbidden');
    });

    it('Hand over open deals: the deactivation button asks for a handle', async () => {
      const admin = await o.ctx('ada');
      await execute('deal new Acme 20k proposal', await o.ctx('bob'));
      const ask = await execute('dealdesk member @bob deactivate', admin);
      const other = actionsOf(ask.screen).find((action) => action.id === 'member.deactivate_to');
      expect(other).toMatchObject({ command: 'dealdesk member @bob deactivate to', form: 'member.handover', input: {} });
      expect(validateCard(renderCard(ask.screen, { moreText }))).toEqual([]);
      const form = await formFor('member.handover', other?.command ?? '', admin);
      expectRenders(form);
      const done = await submitForm(form, { deals: '@carmen' }, admin);
      expect(renderText(done.screen)).toBe(
        '✓ Bob Lee is deactivated; their open deal now belongs to Carmen Diaz. Closed deals stay where they were won, so no figure loses them.',
      );
    });

    it('People with 120 members stays inside Block Kit and Adaptive Card limits, a page at a time', async () => {
      const admin = await o.ctx('ada');
      for (let i = 0; i < 12; i++) await execute(`dealdesk team new Team ${i} region Region ${i} timezone Asia/Shanghai`, admin);
      for (let i = 0; i < 120; i++)
        await createMember(o.db, o.workspaceId, { name: `Person ${String(i).padStart(3, '0')} with a long name`, handle: `person${i}` });
      for (const page of [1, 2, 7]) {
        const screen = (await execute(`dealdesk people page ${page}`, admin)).screen;
        const message = renderMessage(screen, { moreText });
        expect(checkBlockKitLimits(message)).toEqual([]);
        expect(JSON.stringify(message.blocks)).not.toContain('…and');
        expect(validateCard(renderCard(screen, { moreText }))).toEqual([]);
      }
      const last = renderText((await execute('dealdesk people page 7', admin)).screen);
      expect(last).toContain('121–123 of 123 · page 7 of 7');
      expect(last).toContain('Person 119 with a long name (@person119)');
    });
  });
}
