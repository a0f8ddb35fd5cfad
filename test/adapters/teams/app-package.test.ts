import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  APP_ID_PLACEHOLDER,
  buildManifest,
  crc32,
  drawIcons,
  encodePng,
  loadManifestTemplate,
  manifestProblems,
  readZip,
  writeZip,
  type Manifest,
} from '../../../src/adapters/teams/app-package.js';
import { MANIFEST_DIR, packageTeamsApp } from '../../../src/adapters/teams/package-app.js';

const template = loadManifestTemplate(path.join(MANIFEST_DIR, 'manifest.json'));
const APP_ID = '3f0c6a8e-1b2d-4c5e-9f70-123456789abc';

type Png = { width: number; height: number; colorType: number; pixels: Buffer };

/** A strict little PNG reader: signature, chunk CRCs, IHDR, IDAT (filter 0 rows), IEND. */
function readPng(data: Buffer): Png {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let at = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (at < data.length) {
    const length = data.readUInt32BE(at);
    const type = data.subarray(at + 4, at + 8).toString('ascii');
    const body = data.subarray(at + 8, at + 8 + length);
    expect(data.readUInt32BE(at + 8 + length)).toBe(crc32(data.subarray(at + 4, at + 8 + length)));
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') idat.push(body);
    if (type === 'IEND') ended = true;
    at += 12 + length;
  }
  expect(ended).toBe(true);
  const width = header!.readUInt32BE(0);
  const height = header!.readUInt32BE(4);
  expect(header!.readUInt8(8)).toBe(8);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe(height * (width * 4 + 1));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, colorType: header!.readUInt8(9), pixels };
}

describe('Teams app manifest', () => {
  it('is a valid manifest of the current schema with a placeholder id', () => {
    expect(template.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json');
    expect(template.manifestVersion).toBe('1.22');
    expect(template.id).toBe(APP_ID_PLACEHOLDER);
    expect(template.bots[0]?.botId).toBe(APP_ID_PLACEHOLDER);
    expect(manifestProblems(template)).toEqual([]);
  });

  it('lists the same commands in its command menu as the Slack app has slash commands', () => {
    const slack = parse(readFileSync(path.join(MANIFEST_DIR, '../slack/manifest.yaml'), 'utf8')) as {
      features: { slash_commands: { command: string }[] };
    };
    const bot = template.bots[0]!;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of bot.commandLists ?? []) {
      expect(list.commands.map((c) => `/${c.title}`).sort()).toEqual(slack.features.slash_commands.map((c) => c.command).sort());
    }
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
  it('commits the icons the encoder draws: 192×192 colour, 32×32 white on transparent', () => {
    const drawn = drawIcons();
    const color = readFileSync(path.join(MANIFEST_DIR, 'color.png'));
    const outline = readFileSync(path.join(MANIFEST_DIR, 'outline.png'));
    expect(color).toEqual(drawn.color);
    expect(outline).toEqual(drawn.outline);
    const c = readPng(color);
    expect([c.width, c.height, c.colorType]).toEqual([192, 192, 6]);
    const o = readPng(outline);
    expect([o.width, o.height, o.colorType]).toEqual([32, 32, 6]);
    const kinds = new Set<string>();
    for (let i = 0; i < o.pixels.length; i += 4)
      kinds.add(o.pixels[i + 3] === 0 ? 'transparent' : o.pixels.subarray(i, i + 4).toString('hex'));
    expect([...kinds].sort()).toEqual(['ffffffff', 'transparent']);
  });

  it('refuses pixels that do not fit the size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/expected 16 bytes/);
  });
});

describe('npm run teams:package', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-teams-package-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a zip with manifest.json, color.png, outline.png and the Chinese language file at its root', () => {
    const out = path.join(dir, 'dealdesk.zip');
    const result = packageTeamsApp({ appId: APP_ID, host: 'dealdesk.example.com', out });
    expect(result).toEqual({ file: out, appId: APP_ID, host: 'dealdesk.example.com' });
    const zip = readFileSync(out);
    const files = readZip(zip);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png', 'zh-cn.json']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as Manifest;
    // Every command of the menu has a Chinese description, and the typed command word stays the same.
    const zh = JSON.parse(files.get('zh-cn.json')!.toString('utf8')) as Record<string, string>;
    const commands = manifest.bots[0]?.commandLists?.[0]?.commands ?? [];
    commands.forEach((command, i) => {
      expect(zh[`bots[0].commandLists[0].commands[${i}].title`]).toBe(command.title);
      expect(zh[`bots[0].commandLists[0].commands[${i}].description`]).toMatch(/[\u4e00-\u9fff]/);
    });
    expect(zh['name.full']).toMatch(/销售/);
    expect([manifest.id, manifest.bots[0]?.botId, manifest.validDomains]).toEqual([APP_ID, APP_ID, ['dealdesk.example.com']]);
    expect(manifestProblems(manifest)).toEqual([]);
    expect(files.get('color.png')).toEqual(readFileSync(path.join(MANIFEST_DIR, 'color.png')));
    // The same inputs give the same bytes, so a package can be checked into a release.
    packageTeamsApp({ appId: APP_ID, host: 'dealdesk.example.com', out: path.join(dir, 'again.zip') });
    expect(readFileSync(path.join(dir, 'again.zip'))).toEqual(zip);
  });

  it('is a zip other tools read (python3 zipfile, when present)', () => {
    const out = path.join(dir, 'python.zip');
    writeFileSync(
      out,
      writeZip([
        { name: 'a.txt', data: Buffer.from('hello '.repeat(100)) },
        { name: '中文.json', data: Buffer.from('{}') },
      ]),
    );
    let listing: string;
    try {
      listing = execFileSync(
        'python3',
        [
          '-c',
          'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(z.namelist())); print(z.read("a.txt").decode()[:11])',
          out,
        ],
        { encoding: 'utf8' },
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    expect(listing.trim().split('\n')).toEqual(['a.txt', '中文.json', 'hello hello']);
  });

  it('redraws missing icons from the manifest folder', () => {
    const manifestDir = path.join(dir, 'manifest');
    cpSync(MANIFEST_DIR, manifestDir, { recursive: true });
    rmSync(path.join(manifestDir, 'outline.png'));
    packageTeamsApp({ manifestDir, out: path.join(dir, 'placeholder.zip') });
    expect(readFileSync(path.join(manifestDir, 'outline.png'))).toEqual(drawIcons().outline);
    const manifest = JSON.parse(
      readZip(readFileSync(path.join(dir, 'placeholder.zip')))
        .get('manifest.json')!
        .toString('utf8'),
    ) as Manifest;
    expect(manifest.id).toBe(APP_ID_PLACEHOLDER);
  });
});
