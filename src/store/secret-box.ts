// Authenticated encryption for secrets at rest (chat installation tokens).
//
// AES-256-GCM with a random 96-bit IV per message and a 128-bit tag. A sealed value is the text
//   v2.<key id>.<base64url iv>.<base64url ciphertext>.<base64url tag>
// The key id names the key that sealed it (a hash of the key, not the key), so rotation knows which
// values still need the old key. The additional authenticated data binds the version, the key id and
// the tenant the value belongs to (platform + tenant id): a value copied onto another tenant's row
// does not open there.
// Values sealed before (v1.<iv>.<ciphertext>.<tag>, bound to nothing but the version) still open with
// any key; `secrets-cli.ts rewrap` re-seals every stored value as v2 under the newest key.
// Key rotation: createSecretBox([newKey, oldKey]) seals with the first key and opens with any of them.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Config } from '../config/env.js';
import { parseSecretKeys } from '../config/secret-keys.js';

/** Whose secret it is: a sealed value opens only for the tenant it was sealed for. */
export type SecretOwner = { platform: string; tenant: string };

export interface SecretBox {
  /** Encrypts a UTF-8 string into a `v2.…` sealed string (different every call), bound to `owner`. */
  seal(plain: string, owner?: SecretOwner): string;
  /** Decrypts a sealed string; throws if it is malformed, tampered with, sealed for another owner or with another key. */
  open(sealed: string, owner?: SecretOwner): string;
  /** True when the value is not yet v2 under the sealing key (what `rewrap` re-seals). */
  needsRewrap(sealed: string): boolean;
}

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const LEGACY_AAD = Buffer.from('dealdesk-secret-box:v1', 'utf8');
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_ID = /^[A-Za-z0-9_-]{8}$/;
// Key parsing is configuration (config/ checks DEALDESK_SECRET_KEY at start-up without opening the store).
export { parseSecretKey, parseSecretKeys } from '../config/secret-keys.js';

/** A short public name of a key: 8 base64url characters of a hash of it, which tells nothing of the key. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('dealdesk-secret-box-key-id:').update(key).digest('base64url').slice(0, 8);
}

function v2Aad(keyId: string, owner: SecretOwner | undefined): Buffer {
  // JSON keeps "a:b" + "c" apart from "a" + "b:c".
  return Buffer.from(`dealdesk-secret-box:v2:${keyId}:${JSON.stringify([owner?.platform ?? '', owner?.tenant ?? ''])}`, 'utf8');
}

/** The keys of the configuration: DEALDESK_SECRET_KEY (the first seals), then DEALDESK_SECRET_KEY_PREVIOUS. */
export function secretKeysOf(config: Pick<Config, 'DEALDESK_SECRET_KEY' | 'DEALDESK_SECRET_KEY_PREVIOUS'>): Buffer[] {
  if (!config.DEALDESK_SECRET_KEY) throw new Error('DEALDESK_SECRET_KEY is not set');
  return [
    ...parseSecretKeys(config.DEALDESK_SECRET_KEY),
    ...(config.DEALDESK_SECRET_KEY_PREVIOUS ? parseSecretKeys(config.DEALDESK_SECRET_KEY_PREVIOUS) : []),
  ];
}

/** A box sealing with `keys[0]` (or the single key) and opening with any of the keys. */
export function createSecretBox(keys: Buffer | readonly Buffer[]): SecretBox {
  const list = (Buffer.isBuffer(keys) ? [keys] : [...keys]).map((key) => Buffer.from(key));
  const sealingKey = list[0];
  if (!sealingKey) throw new Error('createSecretBox needs at least one key');
  for (const key of list) {
    if (key.length !== KEY_BYTES) throw new Error(`A secret box key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }
  const sealingKeyId = keyIdOf(sealingKey);
  const byId = new Map(list.map((key) => [keyIdOf(key), key] as const));

  const decrypt = (key: Buffer, aad: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer): string | undefined => {
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      return undefined; // wrong key, another owner or tampered data
    }
  };

  return {
    seal(plain, owner) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, sealingKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(v2Aad(sealingKeyId, owner));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return ['v2', sealingKeyId, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');
    },

    open(sealed, owner) {
      const parts = sealed.split('.');
      const version = parts[0] ?? '';
      if (version !== 'v1' && version !== 'v2') {
        if (parts.length < 4) throw new Error('Sealed secret is malformed (expected v2.<key id>.<iv>.<ciphertext>.<tag>)');
        throw new Error(`Sealed secret has unsupported version "${version.slice(0, 8)}"`);
      }
      const expected = version === 'v1' ? 4 : 5;
      if (parts.length !== expected) throw new Error(`Sealed secret is malformed (expected ${expected} parts for ${version})`);
      const keyId = version === 'v2' ? (parts[1] ?? '') : undefined;
      const [ivText = '', ciphertextText = '', tagText = ''] = parts.slice(version === 'v2' ? 2 : 1);
      if (keyId !== undefined && !KEY_ID.test(keyId)) throw new Error('Sealed secret is malformed (bad key id)');
      if (![ivText, ciphertextText, tagText].every((part) => BASE64URL.test(part))) {
        throw new Error('Sealed secret is malformed (not base64url)');
      }
      const iv = Buffer.from(ivText, 'base64url');
      const ciphertext = Buffer.from(ciphertextText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Sealed secret is malformed (bad IV or tag length)');
      if (keyId === undefined) {
        for (const key of list) {
          const plain = decrypt(key, LEGACY_AAD, iv, ciphertext, tag);
          if (plain !== undefined) return plain;
        }
        throw new Error(
          'Sealed secret cannot be opened: it was sealed with another key (was DEALDESK_SECRET_KEY changed?) or has been tampered with',
        );
      }
      const key = byId.get(keyId);
      if (!key) {
        throw new Error(
          `Sealed secret cannot be opened: it was sealed with another key (${keyId}), which is not configured (was DEALDESK_SECRET_KEY changed? keep the old one in DEALDESK_SECRET_KEY_PREVIOUS until rewrap has run)`,
        );
      }
      const plain = decrypt(key, v2Aad(keyId, owner), iv, ciphertext, tag);
      if (plain === undefined) throw new Error('Sealed secret cannot be opened: it belongs to another tenant or has been tampered with');
      return plain;
    },

    needsRewrap(sealed) {
      return !sealed.startsWith(`v2.${sealingKeyId}.`);
    },
  };
}
