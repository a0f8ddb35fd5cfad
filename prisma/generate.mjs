// Generates the two Prisma clients (SQLite and PostgreSQL) from prisma/schema.prisma. Runs on `npm install`.
// The migrate CLI needs a native engine this machine cannot download; generation only needs the WASM
// engine, but the CLI checks that *some* schema-engine binary path exists, hence /bin/false.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { schemaFor, rootDir } from './schemas.mjs';

const require = createRequire(import.meta.url);
const prismaCli = require.resolve('prisma/build/index.js');
const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-prisma-'));
try {
  for (const provider of ['sqlite', 'postgresql']) {
    const file = path.join(dir, `${provider}.prisma`);
    writeFileSync(file, schemaFor(provider));
    const result = spawnSync(process.execPath, [prismaCli, 'generate', '--schema', file], {
      cwd: rootDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/bin/false',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
    if (result.status !== 0) {
      console.error(`prisma generate failed for ${provider}`);
      process.exit(result.status ?? 1);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
