import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cruise, type ICruiseResult, type IConfiguration } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

// The layer rules of .dependency-cruiser.cjs, run through dependency-cruiser's API, so that `npm test`
// fails on a layer violation with the rule's name (`npm run lint:layers` runs the same rules).

const ROOT = path.resolve(import.meta.dirname, '..');
const config = createRequire(import.meta.url)(path.join(ROOT, '.dependency-cruiser.cjs')) as IConfiguration;
const tsConfig = extractTSConfig(path.join(ROOT, 'tsconfig.json'));
// Cruising all of src/ reads and parses every module; on a loaded machine that takes a while.
const CRUISE_TIMEOUT_MS = 120_000;

/** Every violation of the rules when cruising `sources` from `baseDir`, as `rule: from → to`. */
async function violations(baseDir: string, sources: string[]): Promise<string[]> {
  const { output } = await cruise(
    sources,
    { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } },
    undefined,
    { tsConfig },
  );
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('layer rules', () => {
  it(
    'hold on src/ (each line names the broken rule and the import)',
    async () => {
      expect(await violations(ROOT, ['src'])).toEqual([]);
    },
    CRUISE_TIMEOUT_MS,
  );

  describe('on deliberate violations', () => {
    // A small tree of its own in a temporary directory, with the project's packages, so nothing is left in src/.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dealdesk-layers-'));
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it(
      'a command that imports the Prisma client breaks only-store-imports-prisma',
      async () => {
        write('src/store/generated/sqlite/client.ts', 'export class PrismaClient {}\n');
        write(
          'src/commands/leaky.ts',
          "import { PrismaClient } from '@prisma/client';\nimport { PrismaClient as Generated } from '../store/generated/sqlite/client.js';\nexport const clients = [PrismaClient, Generated];\n",
        );
        const found = await violations(dir, ['src/commands/leaky.ts']);
        expect(found).toContainEqual(
          expect.stringMatching(/^only-store-imports-prisma: src\/commands\/leaky\.ts → .*node_modules\/@prisma\/client\//),
        );
        expect(found).toContain('only-store-imports-prisma: src/commands/leaky.ts → src/store/generated/sqlite/client.ts');
      },
      CRUISE_TIMEOUT_MS,
    );

    it(
      'a command that imports a job breaks the commands floor, and the pair makes a folder cycle',
      async () => {
        write('src/jobs/nightly.ts', "import { run } from '../commands/digest-now.js';\nexport const nightly = run;\n");
        write('src/commands/digest-now.ts', "import { nightly } from '../jobs/nightly.js';\nexport const run = (): unknown => nightly;\n");
        const found = await violations(dir, ['src/commands/digest-now.ts', 'src/jobs/nightly.ts']);
        expect(found).toContain('layer-commands-imports-only-lower-floors: src/commands/digest-now.ts → src/jobs/nightly.ts');
        expect(found).toContainEqual(expect.stringMatching(/^no-folder-cycles: src\/(commands|jobs) → src\/(jobs|commands)$/));
      },
      CRUISE_TIMEOUT_MS,
    );

    it(
      'domain code that imports the store or a chat SDK breaks domain-imports-only-i18n-locale and the SDK rule',
      async () => {
        write('src/store/deals.ts', 'export const deals: string[] = [];\n');
        write('src/i18n/locale.ts', "export type Locale = 'en';\n");
        write(
          'src/domain/impure.ts',
          "import { deals } from '../store/deals.js';\nimport type { Locale } from '../i18n/locale.js';\nimport type { App } from '@slack/bolt';\nexport const impure = (app: App, locale: Locale): unknown => [app, locale, deals];\n",
        );
        const found = await violations(dir, ['src/domain/impure.ts']);
        expect(found).toContain('domain-imports-only-i18n-locale: src/domain/impure.ts → src/store/deals.ts');
        expect(found).toContain('layer-domain-imports-only-lower-floors: src/domain/impure.ts → src/store/deals.ts');
        expect(found).toContainEqual(
          expect.stringMatching(/^only-adapters-and-server-import-chat-sdks: src\/domain\/impure\.ts → .*node_modules\/@slack\/bolt\//),
        );
        // i18n/locale.ts is the one module of ours that domain/ may use.
        expect(found.filter((line) => line.includes('src/i18n/locale.ts'))).toEqual([]);
      },
      CRUISE_TIMEOUT_MS,
    );

    it(
      'nothing imports an entry script',
      async () => {
        write('src/main.ts', 'export {};\n');
        write('src/server/boot.ts', "import '../main.js';\n");
        const found = await violations(dir, ['src/server/boot.ts']);
        expect(found).toContain('entry-scripts-are-imported-by-nobody: src/server/boot.ts → src/main.ts');
      },
      CRUISE_TIMEOUT_MS,
    );
  });
});
