import { isDomainError } from '../../src/domain/errors.js';

/** The coded error a call throws, or undefined when it succeeds; anything else is rethrown. */
export function errorCode(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  return undefined;
}
