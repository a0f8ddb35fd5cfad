// Issue #13: sealed tokens are bound to their tenant and name their key; values sealed before still
// open; `secrets-cli.ts rewrap` moves every stored installation to the newest key.
import { execFile } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Installation } from '@slack/bolt';
import { ALL_PROVIDERS, describeOn, freshDatabase, type FreshDatabase } from '../support/databases.js';
import { createSecretBox, keyIdOf } from '../../src/store/secret-box.js';
import { rewrapInstallationSecrets } from '../../src/store/secret-rewrap.js';
import { createPrismaInstallationStore, SLACK_PLATFORM } from '../../src/adapters/slack/installation-store.js';
import { createWorkspace } from '../../src/store/workspaces.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const acme = { platform: 'slack', tenant: 'T0ACME' };
const globex = { platform: 'slack', tenant: 'T0GLOBEX' };

/** A value exactly as the box sealed it before tenant binding (v1), to prove old rows still open. */
function sealV1(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from('dealdesk-secret-box:v1', 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

function installation(teamId: string, token: string): Installation {
  return {
    team: { id: teamId, name: `Team ${teamId}` },
    enterprise: undefined,
    user: { id: 'U_INSTALLER', token: undefined, scopes: undefined },
    bot: { id: 'B1', userId: 'U_BOT', token, scopes: ['commands'] },
    isEnterpriseInstall: false,
  };
}

describe('tenant-bound sealing', () => {
  it('a value opens for the tenant it was sealed for, and not for another', () => {
    const box = createSecretBox(newKey);
    const sealed = box.seal('xoxb-acme', acme);
    expect(box.open(sealed, acme)).toBe('xoxb-acme');
    expect(() => box.open(sealed, globex)).toThrow(/another tenant/);
    expect(() => box.open(sealed, { platform: 'teams', tenant: 'T0ACME' })).toThrow(/another tenant/);
    expect(() => box.open(sealed)).toThrow(/another tenant/);
  });

  it('carries the id of its key, which is not the key', () => {
    const sealed = createSecretBox([newKey, oldKey]).seal('xoxb-acme', acme);
    expect(sealed.split('.')[1]).toBe(keyIdOf(newKey));
    expect(sealed).not.toContain(newKey.toString('base64url').slice(0, 8));
  });

  it('opens values sealed before binding (v1) with any configured key, and says they need rewrapping', () => {
    const box = createSecretBox([newKey, oldKey]);
    const legacy = sealV1(oldKey, 'xoxb-legacy');
    expect(box.open(legacy, acme)).toBe('xoxb-legacy');
    expect(box.needsRewrap(legacy)).toBe(true);
    expect(box.needsRewrap(createSecretBox(oldKey).seal('x', acme))).toBe(true);
    expect(box.needsRewrap(box.seal('x', acme))).toBe(false);
  });

  it('names a missing key instead of guessing', () => {
    const sealed = createSecretBox(oldKey).seal('xoxb-acme', acme);
    expect(() => createSecretBox(newKey).open(sealed, acme)).toThrow(new RegExp(`another key \\(${keyIdOf(oldKey)}\\)`));
  });
});

for (const provider of ALL_PROVIDERS) {
  describeOn(provider)(`rewrap of stored installations on ${provider}`, () => {
    let fresh: FreshDatabase;
    beforeEach(async () => {
      fresh = await freshDatabase(provider);
    });
    afterEach(() => fresh.cleanup());

    async function storeRow(tenant: string, secret: string | null): Promise<void> {
      await createWorkspace(fresh.db, { name: `Workspace ${tenant}` }, { platform: SLACK_PLATFORM, externalTenantId: tenant });
      await fresh.db.chatInstallation.update({
        where: { platform_externalTenantId: { platform: SLACK_PLATFORM, externalTenantId: tenant } },
        data: { secret },
      });
    }

    async function secretOf(tenant: string): Promise<string> {
      const row = await fresh.db.chatInstallation.findUniqueOrThrow({
        where: { platform_externalTenantId: { platform: SLACK_PLATFORM, externalTenantId: tenant } },
      });
      if (row.secret === null) throw new Error(`no secret for ${tenant}`);
      return row.secret;
    }

    it('re-seals v1 and old-key values under the newest key, bound to their tenant; a second run does nothing', async () => {
      await storeRow('T0ACME', sealV1(oldKey, JSON.stringify(installation('T0ACME', 'xoxb-acme'))));
      await storeRow('T0GLOBEX', createSecretBox(oldKey).seal(JSON.stringify(installation('T0GLOBEX', 'xoxb-globex')), globex));
      await storeRow(
        'T0INITECH',
        createSecretBox(newKey).seal(JSON.stringify(installation('T0INITECH', 'xoxb-initech')), {
          platform: 'slack',
          tenant: 'T0INITECH',
        }),
      );
      await storeRow('T0GONE', null);

      const rotating = createSecretBox([newKey, oldKey]);
      expect(await rewrapInstallationSecrets(fresh.db, rotating)).toEqual({ rewrapped: 2, current: 1, failed: [] });
      expect(await rewrapInstallationSecrets(fresh.db, rotating)).toEqual({ rewrapped: 0, current: 3, failed: [] });

      // The old key can go: the installation store finds every token with the new key alone.
      const store = createPrismaInstallationStore(fresh.db, createSecretBox(newKey));
      for (const [teamId, token] of [
        ['T0ACME', 'xoxb-acme'],
        ['T0GLOBEX', 'xoxb-globex'],
        ['T0INITECH', 'xoxb-initech'],
      ] as const) {
        expect((await secretOf(teamId)).startsWith(`v2.${keyIdOf(newKey)}.`)).toBe(true);
        const found = await store.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
        expect(found.bot?.token).toBe(token);
      }
    });

    it('a secret copied onto another tenant’s row does not open there', async () => {
      const box = createSecretBox(newKey);
      const store = createPrismaInstallationStore(fresh.db, box);
      await store.storeInstallation(installation('T0ACME', 'xoxb-acme'));
      await storeRow('T0GLOBEX', await secretOf('T0ACME'));
      await expect(store.fetchInstallation({ teamId: 'T0GLOBEX', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(
        /another tenant/,
      );
    });

    it('a value no key opens is reported by tenant and left as it is', async () => {
      const stranger = createSecretBox(randomBytes(32)).seal('xoxb-unknown', acme);
      await storeRow('T0ACME', stranger);
      const report = await rewrapInstallationSecrets(fresh.db, createSecretBox([newKey, oldKey]));
      expect(report.rewrapped).toBe(0);
      expect(report.failed).toEqual([{ platform: 'slack', tenant: 'T0ACME', reason: expect.stringMatching(/another key/) as string }]);
      expect(await secretOf('T0ACME')).toBe(stranger);
    });

    it('`tsx src/store/secrets-cli.ts rewrap` with DEALDESK_SECRET_KEY_PREVIOUS rewraps and prints no key', async () => {
      await storeRow('T0ACME', sealV1(oldKey, JSON.stringify(installation('T0ACME', 'xoxb-acme'))));
      const env = {
        ...process.env,
        DATABASE_URL: fresh.url,
        DEALDESK_SECRET_KEY: newKey.toString('base64'),
        DEALDESK_SECRET_KEY_PREVIOUS: oldKey.toString('base64'),
      };
      const outcome = await new Promise<{ code: number; out: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/store/secrets-cli.ts', 'rewrap'],
          { cwd: repoRoot, env, timeout: 60_000 },
          (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, out: `${stdout}${stderr}` }),
        );
      });
      expect(outcome.out).toContain(`Rewrapped 1 secret(s) under key ${keyIdOf(newKey)}; 0 already were`);
      expect(outcome.code).toBe(0);
      for (const secret of [newKey.toString('base64'), oldKey.toString('base64'), 'xoxb-acme']) expect(outcome.out).not.toContain(secret);
      expect(createSecretBox(newKey).open(await secretOf('T0ACME'), acme)).toContain('xoxb-acme');
    });
  });
}
