/**
 * The Teams app package: `manifest.json` plus a colour and an outline icon in one .zip, which an admin
 * uploads in Teams (Apps → Manage your apps → Upload an app). Everything here is written with
 * node:zlib — a PNG encoder for the icons and a ZIP writer for the package — so packaging needs no
 * dependency and no network.
 */
import zlib from 'node:zlib';
import { readFileSync } from 'node:fs';

export const MANIFEST_SCHEMA = 'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json';
export const MANIFEST_VERSION = '1.22';
/** In the committed manifest: replaced by TEAMS_APP_ID when packaging. */
export const APP_ID_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
export const HOST_PLACEHOLDER = 'YOUR-HOST';
export const ACCENT = '#1F3A5F';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------------
// CRC-32 (zlib.crc32 exists from Node 20.15; the table keeps older 20.x working)

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native) return native(data) >>> 0;
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------------------------------------------
// PNG

/** An 8-bit RGBA PNG of `rgba` (width × height × 4 bytes, rows top to bottom). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) throw new Error(`encodePng: expected ${width * height * 4} bytes, got ${rgba.length}`);
  const chunk = (type: string, data: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(6, 9); // colour type: RGBA
  // compression, filter and interlace methods: 0
  const rows = Buffer.alloc(height * (width * 4 + 1));
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(rows, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

type Rgba = readonly [number, number, number, number];

function hex(color: string): Rgba {
  const value = Number.parseInt(color.replace('#', ''), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff, 0xff];
}

/**
 * DealDesk's mark: three rising bars on a baseline (a pipeline growing), drawn on a `size` grid where
 * the mark fills `box` (a square centred in the icon).
 */
function drawMark(size: number, box: number, background: Rgba, ink: Rgba): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  const set = (x: number, y: number, color: Rgba) => pixels.set(color, (y * size + x) * 4);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) set(x, y, background);
  const origin = Math.round((size - box) / 2);
  const unit = box / 16;
  const rect = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = Math.round(origin + y0 * unit); y < Math.round(origin + y1 * unit); y++) {
      for (let x = Math.round(origin + x0 * unit); x < Math.round(origin + x1 * unit); x++) set(x, y, ink);
    }
  };
  rect(1, 9, 4.5, 14); // short bar
  rect(6.25, 5.5, 9.75, 14); // middle bar
  rect(11.5, 2, 15, 14); // tall bar
  rect(0, 14.5, 16, 16); // baseline
  return pixels;
}

/** The colour icon (192×192, full bleed, mark in the central 96×96) and the outline icon (32×32, white on transparent). */
export function drawIcons(): { color: Buffer; outline: Buffer } {
  const white: Rgba = [0xff, 0xff, 0xff, 0xff];
  return {
    color: encodePng(192, 192, drawMark(192, 96, hex(ACCENT), white)),
    outline: encodePng(32, 32, drawMark(32, 32, [0, 0, 0, 0], white)),
  };
}

// ---------------------------------------------------------------------------------------------------
// ZIP (stored names, deflated data, no timestamps worth keeping: the package is reproducible)

export type ZipEntry = { name: string; data: Buffer };

/** 1980-01-01 00:00, the earliest DOS date: the same package bytes for the same inputs. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const compressed = zlib.deflateRawSync(entry.data, { level: 9 });
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // flags: UTF-8 names
    local.writeUInt16LE(8, 8); // method: deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    central.writeUInt16LE(20, 6); // version needed
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // extra, comment, disk, internal attributes: 0
    central.writeUInt32LE(0x81a40000, 38); // external attributes: a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Reads back what writeZip wrote (stored or deflated entries): name → contents. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const endAt = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('not a zip: no end of central directory');
  const count = zip.readUInt16LE(endAt + 10);
  let at = zip.readUInt32LE(endAt + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('not a zip: bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const localAt = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = localAt + 30 + zip.readUInt16LE(localAt + 26) + zip.readUInt16LE(localAt + 28);
    const raw = zip.subarray(dataAt, dataAt + size);
    const data = method === 8 ? zlib.inflateRawSync(raw) : Buffer.from(raw);
    if (crc32(data) !== crc) throw new Error(`zip entry ${name}: CRC mismatch`);
    files.set(name, data);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}

// ---------------------------------------------------------------------------------------------------
// Manifest

export type Manifest = {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: {
    botId: string;
    scopes: string[];
    isNotificationOnly?: boolean;
    supportsFiles?: boolean;
    commandLists?: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  validDomains?: string[];
  [key: string]: unknown;
};

export type PackageOptions = {
  /** The Azure Bot registration's app id (TEAMS_APP_ID); the placeholder GUID stays when absent. */
  appId?: string;
  /** Public host name that reaches DealDesk (e.g. dealdesk.example.com). */
  host?: string;
  /** App version (semver); the manifest's own when absent. */
  version?: string;
};

export function loadManifestTemplate(file: string | URL): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** The committed manifest with the deployment's app id and host filled in. */
export function buildManifest(template: Manifest, options: PackageOptions = {}): Manifest {
  if (options.appId !== undefined && !GUID.test(options.appId))
    throw new Error(`TEAMS_APP_ID must be a GUID (the Azure Bot's Microsoft App ID), got "${options.appId}"`);
  if (options.host !== undefined && !/^[a-z0-9.-]+(:\d+)?$/i.test(options.host))
    throw new Error(`--host must be a host name such as dealdesk.example.com, got "${options.host}"`);
  const text = JSON.stringify(template)
    .replaceAll(APP_ID_PLACEHOLDER, options.appId ?? APP_ID_PLACEHOLDER)
    .replaceAll(HOST_PLACEHOLDER, options.host ?? HOST_PLACEHOLDER);
  const manifest = JSON.parse(text) as Manifest;
  if (options.version) manifest.version = options.version;
  return manifest;
}

/** What is wrong with a manifest, by the rules Teams checks on upload; [] when none. */
export function manifestProblems(manifest: Manifest): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  need(
    manifest.$schema === MANIFEST_SCHEMA && manifest.manifestVersion === MANIFEST_VERSION,
    `manifestVersion must be ${MANIFEST_VERSION} with its schema URL`,
  );
  need(GUID.test(manifest.id), 'id must be a GUID');
  need(/^\d+\.\d+\.\d+$/.test(manifest.version), 'version must be MAJOR.MINOR.PATCH');
  need(manifest.name.short.length > 0 && manifest.name.short.length <= 30, 'name.short: 1–30 characters');
  need(manifest.name.full.length <= 100, 'name.full: at most 100 characters');
  need(manifest.description.short.length > 0 && manifest.description.short.length <= 80, 'description.short: 1–80 characters');
  need(manifest.description.full.length > 0 && manifest.description.full.length <= 4000, 'description.full: 1–4000 characters');
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl'] as const)
    need(manifest.developer[key].startsWith('https://'), `developer.${key} must be an https URL`);
  need(/^#[0-9a-f]{6}$/i.test(manifest.accentColor), 'accentColor must be #RRGGBB');
  need(manifest.icons.color === 'color.png' && manifest.icons.outline === 'outline.png', 'icons must be color.png and outline.png');
  need(manifest.bots.length === 1, 'one bot');
  const bot = manifest.bots[0];
  if (bot) {
    need(GUID.test(bot.botId), 'bots[0].botId must be a GUID');
    for (const list of bot.commandLists ?? []) {
      need(list.commands.length <= 10, 'at most 10 commands per command list');
      for (const command of list.commands) {
        need(command.title.length > 0 && command.title.length <= 32, `command "${command.title}": title 1–32 characters`);
        need(command.description.length <= 128, `command "${command.title}": description at most 128 characters`);
      }
      need(
        list.scopes.every((scope) => bot.scopes.includes(scope)),
        'command list scopes must be bot scopes',
      );
    }
  }
  need(Array.isArray(manifest.validDomains) && manifest.validDomains.every((d) => !d.includes('/')), 'validDomains must be host names');
  return problems;
}

/**
 * The .zip to upload: manifest.json, color.png and outline.png at its root, plus the language files
 * the manifest's localizationInfo names (zh-cn.json: the Chinese name, description and command menu).
 */
export function buildPackage(
  manifest: Manifest,
  icons: { color: Buffer; outline: Buffer },
  languageFiles: ReadonlyMap<string, Buffer> = new Map(),
): Buffer {
  const problems = manifestProblems(manifest);
  const named =
    (manifest as { localizationInfo?: { additionalLanguages?: { file: string }[] } }).localizationInfo?.additionalLanguages ?? [];
  for (const language of named) if (!languageFiles.has(language.file)) problems.push(`localization file ${language.file} is missing`);
  if (problems.length > 0) throw new Error(`The Teams manifest is not valid:\n  ${problems.join('\n  ')}`);
  return writeZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'color.png', data: icons.color },
    { name: 'outline.png', data: icons.outline },
    ...named.map((language) => ({ name: language.file, data: languageFiles.get(language.file)! })),
  ]);
}
