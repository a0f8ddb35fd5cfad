import { mkdtempSync, readFileSync, rmSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APP_ID_PLACEHOLDER,
  buildManifest,
  loadManifestTemplate,
  manifestProblems,
  type Manifest,
} from '../../../src/adapters/teams/app-package.js';
import { MANIFEST_DIR, packageTeamsApp } from '../../../src/adapters/teams/package-app.js';
import { COMMANDS } from '../../../src/commands/index.js';
import { matchCommand } from '../../../src/commands/execute.js';
import { tokenize } from '../../../src/commands/tokenize.js';

const template = loadManifestTemplate(path.join(MANIFEST_DIR, 'manifest.json'));
const APP_ID = '3f0c6a8e-1b2d-4c5e-9f70-123456789abc';

/** What Teams reads from a PNG's header: its signature, then the IHDR chunk's size and colour type. */
function pngHeader(data: Uint8Array): { width: number; height: number; colorType: number } {
  const png = Buffer.from(data);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colorType: png.readUInt8(25) };
}

/** The package as Teams opens it: file name → contents. */
function unzip(file: string): Record<string, Uint8Array> {
  return unzipSync(readFileSync(file));
}

const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

/** The most commands Teams shows in one command list of a bot. */
const TEAMS_MENU_MAX = 10;

describe('Teams app manifest', () => {
  it('is a valid manifest of the current schema with a placeholder id', () => {
    expect(template.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
    expect(template.manifestVersion).toBe('1.22');
    expect(template.id).toBe(APP_ID_PLACEHOLDER);
    expect(template.bots[0]?.botId).toBe(APP_ID_PLACEHOLDER);
    expect(manifestProblems(template)).toEqual([]);
  });

  it('has one command menu for all three scopes, within Teams’ ten commands, whose entries reach every command', () => {
    // Teams shows at most ten commands in a command list, and a scope has one list (three lists at most), so
    // no scope's menu can hold all of DealDesk's top-level commands plus help: one menu serves every scope,
    // and its last entry, dealdesk help, is the guide that lists every command (test/commands/help.test.ts).
    const bot = template.bots[0]!;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.commandLists).toHaveLength(1);
    const menu = bot.commandLists?.[0];
    expect(menu?.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    const entries = menu?.commands ?? [];
    expect(entries).toHaveLength(TEAMS_MENU_MAX);
    // Teams puts an entry's title in the compose box: each runs a registered command as it is.
    for (const entry of entries) expect(matchCommand(tokenize(entry.title)), entry.title).toHaveProperty('command');
    const help = entries.at(-1);
    expect(help?.title).toBe('dealdesk help');
    expect(matchCommand(tokenize(help?.title ?? ''))).toMatchObject({ command: { id: 'dealdesk.help' } });
    // Every top-level command is an entry of its own, or named by the help entry (and by one of its kin).
    const roots = [...new Set(COMMANDS.map((command) => command.path[0] ?? ''))];
    const titled = new Set(entries.map((entry) => entry.title.split(' ')[0]));
    const untitled = roots.filter((root) => !titled.has(root));
    expect(untitled.length).toBe(roots.length - titled.size);
    for (const root of untitled) expect(help?.description).toMatch(new RegExp(`\\b${root}\\b`));
    const [firstList] = bot.commandLists ?? [];
    const twice = { ...template, bots: [{ ...bot, commandLists: [firstList!, firstList!] }] };
    expect(manifestProblems(twice)).toContain('each scope in one command list only');
    const eleven = { ...template, bots: [{ ...bot, commandLists: [{ ...firstList!, commands: [...entries, entries[0]!] }] }] };
    expect(manifestProblems(eleven)).toContain('at most 10 commands per command list');
  });

  it('names PUBLIC_URL’s /privacy and /terms (pages the server answers) and takes its host as the valid domain', () => {
    // The committed manifest points at the pages our server serves, under the placeholder host.
    expect(template.developer.privacyUrl).toBe('https://YOUR-HOST/privacy');
    expect(template.developer.termsOfUseUrl).toBe('https://YOUR-HOST/terms');
    const manifest = buildManifest(template, { appId: APP_ID, publicUrl: 'https://sales.example.com/' });
    expect(manifest.developer).toMatchObject({
      websiteUrl: 'https://sales.example.com/',
      privacyUrl: 'https://sales.example.com/privacy',
      termsOfUseUrl: 'https://sales.example.com/terms',
    });
    expect(manifest.validDomains).toEqual(['sales.example.com']);
    expect(manifestProblems(manifest)).toEqual([]);
    // Behind a path prefix, and with --host naming another domain for the bot.
    const prefixed = buildManifest(template, { publicUrl: 'https://example.com/dealdesk', host: 'bot.example.com' });
    expect(prefixed.developer.privacyUrl).toBe('https://example.com/dealdesk/privacy');
    expect(prefixed.developer.termsOfUseUrl).toBe('https://example.com/dealdesk/terms');
    expect(prefixed.validDomains).toEqual(['bot.example.com']);
    // Teams opens only https links.
    expect(() => buildManifest(template, { publicUrl: 'http://sales.example.com' })).toThrow(/PUBLIC_URL must be the https address/);
    expect(() => buildManifest(template, { publicUrl: 'sales.example.com' })).toThrow(/PUBLIC_URL must be the https address/);
  });

  it('fills in TEAMS_APP_ID and the host, and refuses an id that is not a GUID', () => {
    const manifest = buildManifest(template, { appId: APP_ID, host: 'dealdesk.example.com' });
    expect([manifest.id, manifest.bots[0]?.botId]).toEqual([APP_ID, APP_ID]);
    expect(manifest.validDomains).toEqual(['dealdesk.example.com']);
    expect(manifest.developer.websiteUrl).toBe('https://dealdesk.example.com/');
    expect(manifestProblems(manifest)).toEqual([]);
    expect(() => buildManifest(template, { appId: 'my-bot' })).toThrow(/must be a GUID/);
    expect(manifestProblems({ ...manifest, name: { short: 'x'.repeat(31), full: 'x' } })).toContain('name.short: 1–30 characters');
  });
});

describe('Teams app icons', () => {
  it('commits a 192×192 colour icon and a 32×32 outline icon with an alpha channel', () => {
    expect(pngHeader(readFileSync(path.join(MANIFEST_DIR, 'color.png')))).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngHeader(readFileSync(path.join(MANIFEST_DIR, 'outline.png')))).toEqual({ width: 32, height: 32, colorType: 6 });
  });
});

describe('npm run teams:package', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-teams-package-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a zip with manifest.json, color.png, outline.png and the Chinese language file at its root', () => {
    const out = path.join(dir, 'dealdesk.zip');
    const result = packageTeamsApp({ appId: APP_ID, host: 'dealdesk.example.com', out });
    expect(result).toEqual({ file: out, appId: APP_ID, host: 'dealdesk.example.com' });
    const files = unzip(out);
    expect(Object.keys(files)).toEqual(['manifest.json', 'color.png', 'outline.png', 'zh-cn.json']);
    const manifest = JSON.parse(text(files['manifest.json'])) as Manifest;
    expect([manifest.id, manifest.bots[0]?.botId, manifest.validDomains]).toEqual([APP_ID, APP_ID, ['dealdesk.example.com']]);
    expect(manifest.developer.websiteUrl).toBe('https://dealdesk.example.com/');
    expect(manifestProblems(manifest)).toEqual([]);
    // The icons the manifest names are in the zip, at the sizes Teams requires.
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(pngHeader(files[manifest.icons.color]!)).toMatchObject({ width: 192, height: 192 });
    expect(pngHeader(files[manifest.icons.outline]!)).toMatchObject({ width: 32, height: 32 });
    expect(Buffer.from(files['color.png']!)).toEqual(readFileSync(path.join(MANIFEST_DIR, 'color.png')));
    expect(Buffer.from(files['outline.png']!)).toEqual(readFileSync(path.join(MANIFEST_DIR, 'outline.png')));
    // Every command of the menu has a Chinese description, and the typed command word stays the same.
    const zh = JSON.parse(text(files['zh-cn.json'])) as Record<string, string>;
    const commands = manifest.bots[0]?.commandLists?.[0]?.commands ?? [];
    expect(commands.length).toBeGreaterThan(0);
    commands.forEach((command, i) => {
      expect(zh[`bots[0].commandLists[0].commands[${i}].title`]).toBe(command.title);
      expect(zh[`bots[0].commandLists[0].commands[${i}].description`]).toMatch(/[\u4e00-\u9fff]/);
    });
    expect(zh['name.full']).toMatch(/销售/);
    // The same inputs give the same bytes, so a package can be checked into a release.
    packageTeamsApp({ appId: APP_ID, host: 'dealdesk.example.com', out: path.join(dir, 'again.zip') });
    expect(readFileSync(path.join(dir, 'again.zip'))).toEqual(readFileSync(out));
  });

  it('is a zip other tools read (python3 zipfile, when present)', () => {
    const out = path.join(dir, 'python.zip');
    packageTeamsApp({ appId: APP_ID, host: 'dealdesk.example.com', out });
    let listing: string;
    try {
      listing = execFileSync(
        'python3',
        [
          '-c',
          'import sys, json, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(z.namelist())); print(json.loads(z.read("manifest.json"))["id"])',
          out,
        ],
        { encoding: 'utf8' },
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    expect(listing.trim().split('\n')).toEqual(['manifest.json', 'color.png', 'outline.png', 'zh-cn.json', APP_ID]);
  });

  it('keeps the placeholder id without TEAMS_APP_ID, and refuses a manifest folder without its icons', () => {
    const placeholder = path.join(dir, 'placeholder.zip');
    expect(packageTeamsApp({ out: placeholder })).toMatchObject({ appId: APP_ID_PLACEHOLDER, host: 'YOUR-HOST' });
    expect((JSON.parse(text(unzip(placeholder)['manifest.json'])) as Manifest).id).toBe(APP_ID_PLACEHOLDER);
    const manifestDir = path.join(dir, 'manifest');
    cpSync(MANIFEST_DIR, manifestDir, { recursive: true });
    rmSync(path.join(manifestDir, 'outline.png'));
    expect(() => packageTeamsApp({ manifestDir, out: path.join(dir, 'no-icon.zip') })).toThrow(/outline\.png is missing/);
  });
});
