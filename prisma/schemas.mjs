// The PostgreSQL schema is derived from prisma/schema.prisma so the two can never drift apart.
// Used by prisma/generate.mjs (clients) and src/store/migrations.ts (creating migrations).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const prismaDir = path.dirname(fileURLToPath(import.meta.url));
export const rootDir = path.dirname(prismaDir);

/** Schema text for a provider ('sqlite' | 'postgresql') with the client written to src/store/generated/<provider>. */
export function schemaFor(provider) {
  const source = readFileSync(path.join(prismaDir, 'schema.prisma'), 'utf8');
  const output = path.join(rootDir, 'src', 'store', 'generated', provider).split(path.sep).join('/');
  const text = source
    .replace(/provider\s*=\s*"sqlite"/, `provider = "${provider}"`)
    .replace(/output\s*=\s*"[^"]*"/, `output       = "${output}"`);
  if (!text.includes(`provider = "${provider}"`)) throw new Error(`could not set provider ${provider}`);
  return text;
}
