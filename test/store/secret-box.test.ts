import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, parseSecretKey, parseSecretKeys } from '../../src/store/secret-box.js';

const key = randomBytes(32);
const otherKey = randomBytes(32);

/** Flips one bit of the base64url part `index` (2 = iv, 3 = ciphertext, 4 = tag) of a sealed string. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createSecretBox', () => {
  it('round-trips text, including empty and non-ASCII strings', () => {
    const box = createSecretBox(key);
    for (const plain of ['xoxb-123-456-abcdef', '', '{"token":"xoxp-1","name":"销售团队 ✓"}', 'x'.repeat(10_000)]) {
      expect(box.open(box.seal(plain))).toBe(plain);
    }
  });

  it('produces v2.<key id>.<iv>.<ciphertext>.<tag> in base64url, without the plain text', () => {
    const sealed = createSecretBox(key).seal('xoxb-secret-token');
    expect(sealed).toMatch(/^v2\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain('xoxb');
    const [, , iv, , tag] = sealed.split('.');
    expect(Buffer.from(iv ?? '', 'base64url')).toHaveLength(12);
    expect(Buffer.from(tag ?? '', 'base64url')).toHaveLength(16);
  });

  it('uses a different IV every time', () => {
    const box = createSecretBox(key);
    const sealed = Array.from({ length: 50 }, () => box.seal('same'));
    expect(new Set(sealed.map((value) => value.split('.')[2])).size).toBe(50);
    expect(new Set(sealed).size).toBe(50);
  });

  it('refuses a tampered IV, ciphertext or tag', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('xoxb-secret-token');
    for (const index of [2, 3, 4]) expect(() => box.open(tamper(sealed, index))).toThrow(/tampered|another key/);
  });

  it('refuses malformed input and other versions', () => {
    const box = createSecretBox(key);
    const sealed = box.seal('hello');
    const [, kid, iv, ciphertext, tag] = sealed.split('.');
    expect(() => box.open('')).toThrow(/malformed/);
    expect(() => box.open('hello')).toThrow(/malformed/);
    expect(() => box.open(`${sealed}.extra`)).toThrow(/malformed/);
    expect(() => box.open(`v3.${kid}.${iv}.${ciphertext}.${tag}`)).toThrow(/version/);
    expect(() => box.open(`v2.${kid}.${iv}.${ciphertext}.${tag?.slice(0, 10)}`)).toThrow(/length/);
    expect(() => box.open(`v2.${kid}.${iv}.${ciphertext}!.${tag}`)).toThrow(/base64url/);
    expect(() => box.open(`v2.${kid}.${iv}..${tag}`)).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const sealed = createSecretBox(key).seal('xoxb-secret-token');
    expect(() => createSecretBox(otherKey).open(sealed)).toThrow(/another key/);
  });

  it('rotates keys: seals with the first, opens with any', () => {
    const oldBox = createSecretBox(otherKey);
    const rotated = createSecretBox([key, otherKey]);
    const fromOld = oldBox.seal('old secret');
    expect(rotated.open(fromOld)).toBe('old secret');
    const fromNew = rotated.seal('new secret');
    expect(createSecretBox(key).open(fromNew)).toBe('new secret');
    expect(() => oldBox.open(fromNew)).toThrow();
  });

  it('rejects keys of the wrong size', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
    expect(() => createSecretBox([])).toThrow(/at least one key/);
  });
});

describe('parseSecretKey', () => {
  it('accepts base64, base64url (padded or not) and hex', () => {
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64url')).equals(key)).toBe(true);
    expect(parseSecretKey(`${key.toString('base64url')}=`).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
    expect(parseSecretKey(`  ${key.toString('base64')}\n`).equals(key)).toBe(true);
  });

  it('explains what is wrong without repeating the value', () => {
    const secretLooking = 'correct-horse-battery-staple!';
    expect(() => parseSecretKey('')).toThrow(/^must be 32 random bytes .* but it is empty/);
    expect(() => parseSecretKey(secretLooking)).toThrow(/neither base64 nor hex/);
    expect(() => parseSecretKey(randomBytes(16).toString('base64'))).toThrow(/decodes to 16 bytes/);
    expect(() => parseSecretKey(randomBytes(48).toString('hex'))).toThrow(/decodes to 72 bytes/);
    expect(() => parseSecretKey('ab+c/d_e')).toThrow(/neither base64 nor hex/);
    try {
      parseSecretKey(secretLooking);
    } catch (error) {
      expect((error as Error).message).not.toContain(secretLooking);
      expect((error as Error).message).toContain('randomBytes(32)');
    }
  });

  it('parses a rotation list, new key first', () => {
    const keys = parseSecretKeys(`${key.toString('base64')}, ${otherKey.toString('hex')}`);
    expect(keys).toHaveLength(2);
    expect(keys[0]?.equals(key)).toBe(true);
    expect(keys[1]?.equals(otherKey)).toBe(true);
    expect(() => parseSecretKeys(`${key.toString('base64')},short`)).toThrow(/^key 2 of 2: must be/);
    expect(() => parseSecretKeys(' ')).toThrow(/empty/);
  });
});
