// `/dealdesk help` as a guide by task and `/dealdesk help <command>` (#16 point 7): the guide names every
// registered command (so it cannot drift from src/commands/index.ts), every example line it shows runs as
// written, in English and Chinese, and each person sees the sections that fit their role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PROVIDERS, describeOn } from '../support/databases.js';
import { demoWorkspace, type DemoWorkspace } from '../support/workspace.js';
import { COMMANDS } from '../../src/commands/index.js';
import { matchCommand } from '../../src/commands/execute.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { COMMAND_EXAMPLES, HELP_SECTIONS, sectionsFor } from '../../src/commands/dealdesk-help.js';
import { t, type MessageKey } from '../../src/i18n/index.js';
import { actionsOf } from '../../src/views/screen.js';
import { LOCALES } from '../../src/i18n/locale.js';

const commandIds = COMMANDS.map((command) => command.id).sort();

describe('the help guide covers the command registry', () => {
  it('names every registered command in one section, and no command that is not registered', () => {
    const named = HELP_SECTIONS.flatMap((section) => section.commands);
    expect([...named].sort()).toEqual(commandIds);
    expect(new Set(named).size).toBe(named.length);
  });

  it('has examples for every registered command, each resolving to that command in both languages', () => {
    expect(Object.keys(COMMAND_EXAMPLES).sort()).toEqual(commandIds);
    for (const [id, keys] of Object.entries(COMMAND_EXAMPLES)) {
      expect(keys.length, id).toBeGreaterThan(0);
      for (const key of keys)
        for (const locale of LOCALES) {
          const match = matchCommand(tokenize(t(locale, key)));
          expect('command' in match ? match.command.id : match.code, `${locale} ${t(locale, key)}`).toBe(id);
        }
    }
  });

  it('gives each section two to four examples from the command examples, and hides the managing section from reps', () => {
    const allExamples = new Set(Object.values(COMMAND_EXAMPLES).flat());
    for (const section of HELP_SECTIONS) {
      expect(section.examples.length).toBeGreaterThanOrEqual(2);
      expect(section.examples.length).toBeLessThanOrEqual(4);
      for (const example of section.examples) expect(allExamples.has(example.line), example.line).toBe(true);
    }
    expect(sectionsFor('rep').map((s) => s.title)).not.toContain('help.section.manage');
    expect(sectionsFor('manager').map((s) => s.title)).toContain('help.section.manage');
    expect(sectionsFor('admin')).toHaveLength(HELP_SECTIONS.length);
  });
});

/**
 * Who types an example in the demo workspace (Dana the admin unless named here), and what must have
 * happened first: team reports are a manager's (Dana is in no team), a discount is decided by the
 * rep's manager, and a satisfaction score needs a deal won in DealDesk (which schedules its call-back).
 */
const RUN_AS: Partial<Record<MessageKey, string>> = {
  'help.ex.pipeline_team': 'mike',
  'help.ex.quota_team': 'mike',
  'help.ex.funnel': 'mike',
  'help.ex.scorecard': 'mike',
  'help.ex.satisfaction': 'mike',
  'help.ex.deal_approve': 'mike',
  'help.ex.deal_reject': 'mike',
};
const BEFORE: Partial<Record<MessageKey, readonly string[]>> = {
  'help.ex.deal_satisfaction': ['/deal move D-154 won'],
  'help.ex.deal_reject': ['/deal discount D-100 12% second try'],
};

for (const provider of ALL_PROVIDERS) {
  for (const locale of LOCALES) {
    describeOn(provider)(`every help example runs as written (${locale}) on ${provider}`, () => {
      let demo: DemoWorkspace;
      beforeAll(async () => {
        demo = await demoWorkspace(provider);
        if (locale === 'zh-CN') for (const handle of ['dana', 'mike']) await demo.run('/dealdesk language zh', handle);
      });
      afterAll(() => demo.cleanup());

      it('answers each example without an error', async () => {
        const failed: string[] = [];
        for (const keys of Object.values(COMMAND_EXAMPLES))
          for (const key of keys) {
            for (const line of BEFORE[key] ?? []) expect((await demo.run(line, 'dana')).error).toBeUndefined();
            const line = t(locale, key);
            const result = await demo.run(line, RUN_AS[key] ?? 'dana');
            if (result.error) failed.push(`${line}: ${result.error.message}`);
          }
        expect(failed).toEqual([]);
      });
    });
  }
}

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`/dealdesk help on ${provider}`, () => {
    let demo: DemoWorkspace;
    beforeAll(async () => {
      demo = await demoWorkspace(provider);
    });
    afterAll(() => demo.cleanup());

    it('shows a rep the guide by task with examples, the commands of each task and buttons, without the managing section', async () => {
      for (const line of ['/dealdesk help', '/dealdesk', 'help', '帮助']) {
        const { text, screen, error } = await demo.run(line, 'alice');
        expect(error).toBeUndefined();
        expect(screen.kind).toBe('help');
        expect(text).toContain('sample data');
        for (const title of ['Log and update deals', 'Look at the pipeline and reports', 'Accounts and follow-ups', 'Discount approvals'])
          expect(text).toContain(title);
        expect(text).not.toContain('Manage the team');
        expect(text).toContain('• /deal new Acme 50k proposal close eoq Platform renewal — log a deal you own');
        expect(text).toContain('• /deal approve D-100 — approve the pending request on a deal');
        expect(text).toContain('Commands: /deal · /deal new · /deal move · /deal update');
        expect(text).not.toContain('/dealdesk team');
        expect(actionsOf(screen).map((action) => action.label)).toEqual([
          'New deal',
          'My deals',
          'My pipeline',
          'My quota',
          'Forecast',
          'My home',
          'My approvals',
          'Approval policy',
          'Help for /deal',
        ]);
      }
    });

    it('shows managers the managing section, and every command and its buttons run without an error', async () => {
      const { text, screen } = await demo.run('/dealdesk help', 'mike');
      expect(text).toContain('Manage the team (managers and admins)');
      expect(text).toContain('• /dealdesk team add West Coast @brian — add people to a team');
      const admin = await demo.run('/dealdesk help', 'dana');
      for (const command of COMMANDS) expect(admin.text).toContain(`/${command.path.join(' ')}`);
      for (const action of actionsOf(screen)) {
        const pressed = await demo.run(action.command, 'mike');
        expect(pressed.error, action.label).toBeUndefined();
      }
      const newDeal = actionsOf(screen).find((action) => action.label === 'New deal');
      expect(newDeal?.form).toBe('deal.new');
      expect((await demo.run(newDeal?.command ?? '', 'mike')).screen.form?.id).toBe('deal.new');
    });

    it('shows the guide in Chinese', async () => {
      const { text, screen } = await demo.run('/dealdesk help', 'wei.zhang');
      expect(text).toContain('登记和更新商机');
      expect(text).toContain('/deal new 华为 8万 方案 close 季末 平台续约 — 登记一个您负责的商机');
      expect(text).toContain('命令：/deal · /deal new');
      expect(text).not.toContain('管理团队');
      expect(actionsOf(screen).map((action) => action.label)).toContain('新建商机');
    });

    it('gives one command’s syntax with an example of each form for /dealdesk help deal, /deal help and help deal', async () => {
      const dealCommands = COMMANDS.filter((command) => command.path[0] === 'deal');
      for (const line of ['/dealdesk help deal', '/deal help', 'help deal', '/dealdesk help /deal']) {
        const { text, screen, error } = await demo.run(line, 'alice');
        expect(error).toBeUndefined();
        expect(screen.title).toBe('Help · /deal');
        for (const command of dealCommands) {
          expect(text).toContain(t('en', command.usage));
          for (const example of COMMAND_EXAMPLES[command.id] ?? []) expect(text).toContain(`e.g. ${t('en', example)}`);
        }
        expect(text).not.toContain('/pipeline');
        expect(actionsOf(screen).map((action) => [action.label, action.command])).toEqual([['Help by task', 'dealdesk help']]);
      }
      const dealdesk = await demo.run('/dealdesk help dealdesk', 'alice');
      for (const command of COMMANDS.filter((c) => c.path[0] === 'dealdesk')) expect(dealdesk.text).toContain(t('en', command.usage));
    });

    it('gives just the subcommand named, and reads command words in Chinese', async () => {
      const quotaSet = await demo.run('/dealdesk help quota set', 'alice');
      expect(quotaSet.screen.title).toBe('Help · /quota set');
      expect(quotaSet.text).toContain('/quota set @user|team <name> <amount> [period]');
      expect(quotaSet.text).toContain('e.g. /quota set @alice 120k this quarter');
      expect(quotaSet.text).not.toContain('/quota [me|');
      const newDeal = await demo.run('/deal help new', 'alice');
      expect(newDeal.screen.title).toBe('Help · /deal new');
      expect((await demo.run('/dealdesk help settings', 'alice')).screen.title).toBe('Help · /dealdesk settings');
      const zh = await demo.run('/dealdesk help 管道', 'wei.zhang');
      expect(zh.screen.title).toBe('帮助 · /pipeline');
      expect(zh.text).toContain('/pipeline [me|@用户|team [团队]|all] [期间] [by channel|region]');
      expect(zh.text).toContain('例如：/pipeline team 按渠道');
    });

    it('answers an unknown command name with one sentence naming the commands, in the person’s language', async () => {
      const en = await demo.run('/dealdesk help frobnicate', 'alice');
      expect(en.error?.code).toBe('help.unknown_command');
      expect(en.error?.message).toBe(
        '“frobnicate” is not a DealDesk command. Type /dealdesk help followed by one of: deal, pipeline, quota, forecast, funnel, competitors, account, satisfaction, scorecard, leaderboard, dealdesk.',
      );
      const zh = await demo.run('/dealdesk help 不存在', 'wei.zhang');
      expect(zh.error?.message).toBe(
        '“不存在”不是 DealDesk 命令。请输入 /dealdesk help 加以下命令之一：deal、pipeline、quota、forecast、funnel、competitors、account、satisfaction、scorecard、leaderboard、dealdesk。',
      );
    });
  });
}
