// Authenticated encryption for secrets at rest (chat installation tokens).
//
// AES-256-GCM with a random 96-bit IV per message and a 128-bit tag. A sealed value is the text
//   v1.<base64url iv>.<base64url ciphertext>.<base64url tag>
// The version prefix is also bound as additional authenticated data, so it cannot be swapped.
// Key rotation: createSecretBox([newKey, oldKey]) seals with the first key and opens with any of them;
// re-storing a value (e.g. a reinstall) moves it to the new key.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SecretBox {
  /** Encrypts a UTF-8 string into a `v1.…` sealed string (different every call). */
  seal(plain: string): string;
  /** Decrypts a sealed string; throws if it is malformed, was tampered with or sealed with another key. */
  open(sealed: string): string;
}

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const AAD = Buffer.from(`dealdesk-secret-box:${VERSION}`, 'utf8');
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// Key parsing is configuration (config/ checks DEALDESK_SECRET_KEY at start-up without opening the store).
export { parseSecretKey, parseSecretKeys } from '../config/secret-keys.js';

/** A box sealing with `keys[0]` (or the single key) and opening with any of the keys. */
export function createSecretBox(keys: Buffer | readonly Buffer[]): SecretBox {
  const list = (Buffer.isBuffer(keys) ? [keys] : [...keys]).map((key) => Buffer.from(key));
  const sealingKey = list[0];
  if (!sealingKey) throw new Error('createSecretBox needs at least one key');
  for (const key of list) {
    if (key.length !== KEY_BYTES) throw new Error(`A secret box key must be ${KEY_BYTES} bytes, got ${key.length}`);
  }

  return {
    seal(plain: string): string {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, sealingKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(AAD);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');
    },

    open(sealed: string): string {
      const parts = sealed.split('.');
      const [version, ivText, ciphertextText, tagText] = parts;
      if (parts.length !== 4 || version === undefined || ivText === undefined || ciphertextText === undefined || tagText === undefined) {
        throw new Error('Sealed secret is malformed (expected v1.<iv>.<ciphertext>.<tag>)');
      }
      if (version !== VERSION) throw new Error(`Sealed secret has unsupported version "${version.slice(0, 8)}"`);
      if (![ivText, ciphertextText, tagText].every((part) => BASE64URL.test(part))) {
        throw new Error('Sealed secret is malformed (not base64url)');
      }
      const iv = Buffer.from(ivText, 'base64url');
      const ciphertext = Buffer.from(ciphertextText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('Sealed secret is malformed (bad IV or tag length)');
      for (const key of list) {
        try {
          const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
          decipher.setAAD(AAD);
          decipher.setAuthTag(tag);
          return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
        } catch {
          // Wrong key or tampered data: try the next key.
        }
      }
      throw new Error(
        'Sealed secret cannot be opened: it was sealed with another key (was DEALDESK_SECRET_KEY changed?) or has been tampered with',
      );
    },
  };
}
