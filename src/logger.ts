import { pino } from 'pino';

/**
 * Structured JSON logs on stderr, so the shell's answers on stdout stay clean for scripts.
 * Secrets never reach a log line: tokens, passwords and signing secrets are redacted by path.
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info'),
    redact: {
      paths: [
        '*.token',
        '*.botToken',
        '*.password',
        '*.secret',
        '*.signingSecret',
        '*.authorization',
        'config.*Secret',
        'config.*Token',
        'config.*Password',
      ],
      censor: '[redacted]',
    },
  },
  pino.destination(2),
);

export type Logger = typeof logger;
