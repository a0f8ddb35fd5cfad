/**
 * The Teams app package: `manifest.json` plus a colour and an outline icon in one .zip, which an admin
 * uploads in Teams (Apps → Manage your apps → Upload an app). The icons are the committed
 * manifests/teams/color.png and outline.png; fflate writes the zip.
 */
import { readFileSync } from 'node:fs';
import { zipSync, type Zippable } from 'fflate';

export const MANIFEST_SCHEMA = 'https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json';
export const MANIFEST_VERSION = '1.22';
/** In the committed manifest: replaced by TEAMS_APP_ID when packaging. */
export const APP_ID_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';
export const HOST_PLACEHOLDER = 'YOUR-HOST';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every entry's modification time: 1980-01-01 00:00 (local time, as ZIP stores it), the earliest a ZIP
 * can hold, so the same inputs give the same package bytes.
 */
const ZIP_TIME = new Date(1980, 0, 1);

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
  /** Public host name that reaches DealDesk (e.g. dealdesk.example.com); PUBLIC_URL's host when absent. */
  host?: string;
  /**
   * PUBLIC_URL, the https address DealDesk is reached at: the manifest's website, privacy (`/privacy`)
   * and terms (`/terms`) links, pages our own server answers (server/legal-pages.ts).
   */
  publicUrl?: string;
  /** App version (semver); the manifest's own when absent. */
  version?: string;
};

export function loadManifestTemplate(file: string | URL): Manifest {
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** PUBLIC_URL without its trailing slashes, and its host; Teams opens only https links. */
function publicAddress(publicUrl: string): { base: string; host: string } {
  let url: URL;
  try {
    url = new URL(publicUrl.trim());
  } catch {
    throw new Error(
      `PUBLIC_URL must be the https address DealDesk is reached at, such as https://dealdesk.example.com, got "${publicUrl}"`,
    );
  }
  if (url.protocol !== 'https:' || url.search || url.hash)
    throw new Error(
      `PUBLIC_URL must be the https address DealDesk is reached at, such as https://dealdesk.example.com, got "${publicUrl}"`,
    );
  return { base: `${url.origin}${url.pathname}`.replace(/\/+$/, ''), host: url.host };
}

/** The committed manifest with the deployment's app id, host and public address filled in. */
export function buildManifest(template: Manifest, options: PackageOptions = {}): Manifest {
  if (options.appId !== undefined && !GUID.test(options.appId))
    throw new Error(`TEAMS_APP_ID must be a GUID (the Azure Bot's Microsoft App ID), got "${options.appId}"`);
  if (options.host !== undefined && !/^[a-z0-9.-]+(:\d+)?$/i.test(options.host))
    throw new Error(`--host must be a host name such as dealdesk.example.com, got "${options.host}"`);
  const address = options.publicUrl === undefined ? undefined : publicAddress(options.publicUrl);
  const text = JSON.stringify(template)
    .replaceAll(APP_ID_PLACEHOLDER, options.appId ?? APP_ID_PLACEHOLDER)
    .replaceAll(HOST_PLACEHOLDER, options.host ?? address?.host ?? HOST_PLACEHOLDER);
  const manifest = JSON.parse(text) as Manifest;
  if (address)
    manifest.developer = {
      ...manifest.developer,
      websiteUrl: `${address.base}/`,
      privacyUrl: `${address.base}/privacy`,
      termsOfUseUrl: `${address.base}/terms`,
    };
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
    const lists = bot.commandLists ?? [];
    need(lists.length <= 3, 'at most 3 command lists (one per scope)');
    const listed = lists.flatMap((list) => list.scopes);
    need(new Set(listed).size === listed.length, 'each scope in one command list only');
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
  const files: Zippable = {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
    'color.png': icons.color,
    'outline.png': icons.outline,
  };
  for (const language of named) {
    const data = languageFiles.get(language.file);
    if (data) files[language.file] = data;
  }
  return Buffer.from(zipSync(files, { level: 9, mtime: ZIP_TIME }));
}
