// Vitest types its asymmetric matchers as `any`. Inside an expected object they are matchers, not
// values, so these hand them over as `unknown`; what they match is unchanged.
import { expect } from 'vitest';

/** `expect.any(String)`. */
export function anyString(): unknown {
  return expect.any(String);
}

/** `expect.stringContaining(text)`. */
export function containing(text: string): unknown {
  return expect.stringContaining(text);
}

/** `expect.stringMatching(pattern)`. */
export function matching(pattern: RegExp): unknown {
  return expect.stringMatching(pattern);
}
