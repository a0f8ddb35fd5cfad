// The text form of the keys that encrypt secrets at rest (DEALDESK_SECRET_KEY), parsed without
// touching the store: config/env.ts checks the variable at start-up, store/secret-box.ts uses the keys.
const KEY_BYTES = 32;

const keyError = (problem: string): Error =>
  new Error(
    `must be ${KEY_BYTES} random bytes as base64 (44 characters) or hex (64 characters), but ${problem}. ` +
      `Generate one with: node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
  );

/**
 * A 256-bit key from its text form: 32 bytes as base64 or base64url (43–44 characters), or as 64 hex
 * digits. Throws an Error whose message starts with "must be …" and never repeats the value, so the
 * config layer can prefix the variable name: "DEALDESK_SECRET_KEY: must be 32 random bytes …".
 */
export function parseSecretKey(value: string): Buffer {
  const text = value.trim();
  if (text === '') throw keyError('it is empty');
  let key: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    key = Buffer.from(text, 'hex');
  } else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text) && !(/[+/]/.test(text) && /[_-]/.test(text))) {
    key = Buffer.from(text, 'base64');
  } else {
    throw keyError('it is neither base64 nor hex');
  }
  if (key.length !== KEY_BYTES) {
    throw keyError(`it decodes to ${key.length} bytes`);
  }
  return key;
}

/** Several keys separated by commas or whitespace, the sealing key first (for rotation). */
export function parseSecretKeys(value: string): Buffer[] {
  const parts = value.split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return [parseSecretKey('')];
  return parts.map((part, index) => {
    try {
      return parseSecretKey(part);
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(parts.length > 1 ? `key ${index + 1} of ${parts.length}: ${message}` : message, { cause: error });
    }
  });
}
