import { pino } from 'pino';

/**
 * Structured JSON logs on stderr, so the shell's answers on stdout stay clean for scripts.
 * Secrets never reach a log line: tokens, passwords and signing secrets are redacted by path.
 */
export const logger = pino(
  {
    level: initialLevel(process.env),
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

/**
 * The level before the configuration is parsed. An unknown LOG_LEVEL (`verbose`) must not throw here,
 * at import time, with a stack trace: `info` is used until config/env.ts reports the variable by name.
 */
function initialLevel(env: NodeJS.ProcessEnv): string {
  const wanted = env.LOG_LEVEL?.trim();
  if (wanted && Object.hasOwn(pino.levels.values, wanted)) return wanted;
  if (wanted === 'silent') return wanted;
  return env.NODE_ENV === 'test' || env.VITEST ? 'silent' : 'info';
}
