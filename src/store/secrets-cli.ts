// Secrets at rest from the command line:
//
//   tsx src/store/secrets-cli.ts rewrap     re-seal every stored chat installation secret under the newest
//                                           key (DEALDESK_SECRET_KEY), bound to its tenant; old values open
//                                           with DEALDESK_SECRET_KEY_PREVIOUS (or the later keys of a
//                                           comma-separated DEALDESK_SECRET_KEY)
//
// Rotation: put the new key in DEALDESK_SECRET_KEY and the old one in DEALDESK_SECRET_KEY_PREVIOUS,
// restart, run `rewrap`, then drop DEALDESK_SECRET_KEY_PREVIOUS. Nothing here prints a key or a token.
// Exit codes: 0 done, 1 some value could not be opened (or configuration error), 2 usage error.
import { ConfigError, loadConfig } from '../config/env.js';
import { createDb } from './db.js';
import { redactUrl } from './migrations.js';
import { createSecretBox, keyIdOf, secretKeysOf } from './secret-box.js';
import { rewrapInstallationSecrets } from './secret-rewrap.js';

const USAGE = 'usage: secrets-cli rewrap';

async function rewrap(): Promise<number> {
  const config = loadConfig();
  if (!config.DEALDESK_SECRET_KEY) {
    console.error('DEALDESK_SECRET_KEY: is required to rewrap (the key to seal with; the old one goes in DEALDESK_SECRET_KEY_PREVIOUS)');
    return 1;
  }
  const keys = secretKeysOf(config);
  const db = createDb(config.DATABASE_URL);
  try {
    const report = await rewrapInstallationSecrets(db, createSecretBox(keys));
    const newest = keys[0] ? keyIdOf(keys[0]) : '?';
    console.log(
      `Rewrapped ${report.rewrapped} secret(s) under key ${newest}; ${report.current} already were (${redactUrl(config.DATABASE_URL)}).`,
    );
    for (const failure of report.failed) console.error(`Not rewrapped: ${failure.platform} ${failure.tenant}: ${failure.reason}`);
    return report.failed.length === 0 ? 0 : 1;
  } finally {
    await db.$disconnect();
  }
}

async function main(args: string[]): Promise<number> {
  if (args[0] === 'rewrap' && args.length === 1) return rewrap();
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : `secrets-cli failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
