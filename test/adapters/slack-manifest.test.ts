import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { t } from '../../src/i18n/index.js';
import { COMMANDS } from '../../src/commands/index.js';

type SlashCommand = { command: string; url: string; description: string; usage_hint?: string; should_escape: boolean };
type Manifest = {
  _metadata: { major_version: number };
  display_information: { name: string; description: string; background_color: string };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    app_home: Record<string, boolean>;
    slash_commands: SlashCommand[];
  };
  oauth_config: { redirect_urls: string[]; scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
};

const manifest = parse(readFileSync(new URL('../../manifests/slack/manifest.yaml', import.meta.url), 'utf8')) as Manifest;

describe('Slack app manifest', () => {
  it('declares exactly the slash commands of the command catalog, all on /slack/events', () => {
    // Every command's usage line starts with its slash command, whichever catalogue file holds it.
    const catalog = new Set(COMMANDS.map((command) => t('en', command.usage).split(' ')[0]));
    const commands = manifest.features.slash_commands;
    expect(new Set(commands.map((command) => command.command))).toEqual(catalog);
    expect(commands).toHaveLength(catalog.size);
    for (const command of commands) {
      expect(command.url).toBe('https://YOUR-HOST/slack/events');
      // Mentions arrive as <@U0123|alice>, which the adapter turns into members (src/adapters/slack/mentions.ts).
      expect(command.should_escape).toBe(true);
      expect(command.description.length).toBeGreaterThan(0);
      expect(command.description.length).toBeLessThanOrEqual(2000);
      expect((command.usage_hint ?? '').length).toBeLessThanOrEqual(1000);
    }
  });

  it('gives every subcommand in its slash command’s usage hint, and says where help is', () => {
    const hints = new Map(manifest.features.slash_commands.map((command) => [command.command, command.usage_hint ?? '']));
    const subcommands = COMMANDS.filter((command) => command.path.length > 1);
    expect(subcommands.length).toBeGreaterThan(20);
    for (const command of subcommands) {
      const [root, sub] = command.path;
      // Each alternative of a hint starts a segment: `new <account> … | move <deal> …`.
      expect(hints.get(`/${root}`), `/${root} ${sub}`).toMatch(new RegExp(`(^|\\| )${sub}( |$)`));
    }
    expect(hints.get('/deal')).toMatch(/\| help \[subcommand\]$/);
    expect(hints.get('/dealdesk')).toMatch(/^help \[command\] \|/);
  });

  it('uses one endpoint for events and interactivity, and the OAuth redirect', () => {
    expect(manifest._metadata.major_version).toBe(1);
    expect(manifest.display_information.name).toBe('DealDesk');
    expect(manifest.display_information.description.length).toBeLessThanOrEqual(140);
    expect(manifest.display_information.background_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(manifest.features.bot_user).toEqual({ display_name: 'dealdesk', always_online: true });
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(manifest.settings.event_subscriptions.request_url).toBe('https://YOUR-HOST/slack/events');
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://YOUR-HOST/slack/events' });
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://YOUR-HOST/slack/oauth_redirect']);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual([
      'app_home_opened',
      'app_uninstalled',
      'message.im',
      'tokens_revoked',
    ]);
    expect(manifest.settings).toMatchObject({ org_deploy_enabled: false, socket_mode_enabled: false, token_rotation_enabled: false });
  });

  it('asks only for the bot scopes DealDesk uses', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual([
      'chat:write',
      'chat:write.public',
      'commands',
      'files:read',
      'files:write',
      'im:history',
      'im:write',
      'team:read',
      'users:read',
      'users:read.email',
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });
});
