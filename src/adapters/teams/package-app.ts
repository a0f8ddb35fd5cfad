/**
 * `npm run teams:package [-- --host dealdesk.example.com] [--out dist/teams/dealdesk-teams.zip]`
 *
 * Writes the Teams app package from manifests/teams/: the manifest with TEAMS_APP_ID (from the
 * environment or .env) as app and bot id, PUBLIC_URL (likewise) in its website, privacy and terms
 * links, and the host (`--host`, else PUBLIC_URL's) as valid domain, plus the two committed icons.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildManifest, buildPackage, loadManifestTemplate, APP_ID_PLACEHOLDER, HOST_PLACEHOLDER } from './app-package.js';

export const MANIFEST_DIR = fileURLToPath(new URL('../../../manifests/teams/', import.meta.url));

export type PackageResult = { file: string; appId: string; host: string };

export function packageTeamsApp(options: {
  appId?: string;
  host?: string;
  publicUrl?: string;
  out?: string;
  manifestDir?: string;
}): PackageResult {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  for (const icon of ['color.png', 'outline.png'])
    if (!existsSync(path.join(dir, icon))) throw new Error(`${path.join(dir, icon)} is missing: the Teams app package needs both icons.`);
  const manifest = buildManifest(loadManifestTemplate(path.join(dir, 'manifest.json')), {
    ...(options.appId ? { appId: options.appId } : {}),
    ...(options.host ? { host: options.host } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  const languages =
    (manifest as { localizationInfo?: { additionalLanguages?: { file: string }[] } }).localizationInfo?.additionalLanguages ?? [];
  const languageFiles = new Map(
    languages.filter((l) => existsSync(path.join(dir, l.file))).map((l) => [l.file, readFileSync(path.join(dir, l.file))] as const),
  );
  const zip = buildPackage(
    manifest,
    { color: readFileSync(path.join(dir, 'color.png')), outline: readFileSync(path.join(dir, 'outline.png')) },
    languageFiles,
  );
  const file = path.resolve(options.out ?? 'dist/teams/dealdesk-teams.zip');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, zip);
  return { file, appId: manifest.id, host: manifest.validDomains?.[0] ?? HOST_PLACEHOLDER };
}

function main(): number {
  const { values } = parseArgs({
    options: { host: { type: 'string' }, out: { type: 'string' } },
  });
  try {
    process.loadEnvFile('.env');
  } catch {
    // No .env (or a Node 20 older than 20.12, without loadEnvFile): the environment alone is used.
  }
  const appId = process.env.TEAMS_APP_ID?.trim() || undefined;
  const publicUrl = process.env.PUBLIC_URL?.trim() || undefined;
  const result = packageTeamsApp({
    ...(appId ? { appId } : {}),
    ...(values.host ? { host: values.host } : {}),
    ...(publicUrl ? { publicUrl } : {}),
    ...(values.out ? { out: values.out } : {}),
  });
  process.stdout.write(`Wrote ${path.relative(process.cwd(), result.file)} (app id ${result.appId}, host ${result.host}).\n`);
  if (result.appId === APP_ID_PLACEHOLDER)
    process.stdout.write(
      'Note: TEAMS_APP_ID is not set, so the package carries the placeholder id; set it to your Azure Bot’s Microsoft App ID before uploading.\n',
    );
  if (result.host === HOST_PLACEHOLDER)
    process.stdout.write(
      'Note: set PUBLIC_URL (https://<public host name of DealDesk>) or pass --host, so Teams knows the bot’s domain and its privacy and terms pages.\n',
    );
  else if (!publicUrl)
    process.stdout.write(
      `Note: the privacy and terms links are https://${result.host}/privacy and /terms; set PUBLIC_URL if DealDesk is reached elsewhere.\n`,
    );
  process.stdout.write('Upload it in Teams: Apps → Manage your apps → Upload an app.\n');
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = main();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
