/**
 * Coded errors. The domain and the use cases throw a code with data; adapters word it for the user
 * through the message catalogue (`src/i18n`), always saying what to type instead.
 */
export type ErrorData = Record<string, string | number | readonly string[] | undefined>;

export class DomainError extends Error {
  readonly code: string;
  readonly data: ErrorData;

  constructor(code: string, data: ErrorData = {}) {
    super(`${code} ${JSON.stringify(data)}`);
    this.name = 'DomainError';
    this.code = code;
    this.data = data;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
