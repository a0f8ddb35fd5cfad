import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from './defaults.js';
import { parseSecretKeys } from './secret-keys.js';

/** pino's levels; logger.ts falls back to `info` for anything else, so this check can report it. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const optional = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

/** Whether a secret-key setting (absent, or comma-separated keys) parses. */
function areSecretKeys(value: string | undefined): boolean {
  if (value === undefined) return true;
  try {
    parseSecretKeys(value);
    return true;
  } catch {
    return false;
  }
}

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * Every setting DealDesk reads from the environment, parsed once at start-up. `.env.example`
 * documents each of them; a wrong value stops start-up with a message naming the variable.
 */
export const ZEnvSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .default(DEFAULT_DATABASE_URL)
    .refine(
      (url) => url.startsWith('file:') || /^postgres(ql)?:\/\//.test(url),
      'must start with file: (SQLite) or postgres:// (PostgreSQL); other databases are not supported',
    ),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Unset: `info` when serving chat platforms, `warn` in the local shell (its answers share the terminal). */
  LOG_LEVEL: z.enum(LOG_LEVELS, { errorMap: () => ({ message: `must be one of ${LOG_LEVELS.join(', ')}` }) }).optional(),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SLACK_API_URL: z
    .string()
    .trim()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** 32 random bytes (base64 or hex) that encrypt chat tokens at rest; several comma-separated to rotate. */
  DEALDESK_SECRET_KEY: optional.refine(
    areSecretKeys,
    "must be 32 bytes as base64 or 64 hex characters (generate one: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\")",
  ),
  /** The key(s) DEALDESK_SECRET_KEY replaced: they still open old values until `secrets-cli rewrap` has run. */
  DEALDESK_SECRET_KEY_PREVIOUS: optional.refine(areSecretKeys, 'must be 32 bytes as base64 or 64 hex characters each, comma-separated'),
  /**
   * The address Slack reaches this server at (https://dealdesk.example.com): chart images are linked
   * under it (`/charts/…`). Unset: Slack shows charts as text bars.
   */
  PUBLIC_URL: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z
      .string()
      .trim()
      .url('must be the URL Slack reaches this server at, e.g. https://dealdesk.example.com')
      .refine((url) => /^https?:\/\//.test(url), 'must start with https:// (or http:// for local tests)')
      .transform((url) => url.replace(/\/+$/, ''))
      .optional(),
  ),
  TEAMS_APP_ID: optional,
  TEAMS_APP_PASSWORD: optional,
  TEAMS_TENANT_ID: optional,
  TEAMS_DEV_ANONYMOUS: flag,
  /** Days the daily retention job keeps request ids and settled schedule slots (slots: at least 8). */
  RETENTION_DAYS: z.coerce
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1: Slack and Teams retry a request for minutes, and its id must still be known then')
    .max(3650, 'must be at most 3650 (ten years)')
    .default(30),
  /**
   * Commands worked on at once after their acknowledgement; the others wait in order (#14). Unset: see
   * `commandConcurrency` (adapters/work-limit.ts), which knows the database's pool.
   */
  DEALDESK_MAX_CONCURRENT_COMMANDS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(64, 'must be at most 64: more places only wait for the database and each other')
    .optional(),
});

export type Config = z.infer<typeof ZEnvSchema>;

/** Settings that only make sense together. */
const ZConsistentEnv = ZEnvSchema.superRefine((env, ctx) => {
  const need = (name: keyof Config, why: string) => {
    if (!env[name]) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: `is required ${why}` });
  };
  if (env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET) {
    need('SLACK_CLIENT_ID', 'with SLACK_CLIENT_SECRET (OAuth installs)');
    need('SLACK_CLIENT_SECRET', 'with SLACK_CLIENT_ID (OAuth installs)');
    need('SLACK_STATE_SECRET', 'for OAuth installs (any long random string)');
    need('DEALDESK_SECRET_KEY', 'for OAuth installs: it encrypts the workspaces’ tokens at rest');
    need('SLACK_SIGNING_SECRET', 'to verify requests from Slack');
  } else if (env.SLACK_APP_TOKEN) {
    need('SLACK_BOT_TOKEN', 'with SLACK_APP_TOKEN (Socket Mode)');
  } else if (env.SLACK_SIGNING_SECRET || env.SLACK_BOT_TOKEN) {
    need('SLACK_SIGNING_SECRET', 'with SLACK_BOT_TOKEN');
    need('SLACK_BOT_TOKEN', 'with SLACK_SIGNING_SECRET');
  }
  if (env.TEAMS_APP_ID) need('TEAMS_APP_PASSWORD', 'with TEAMS_APP_ID');
  if (env.DEALDESK_SECRET_KEY_PREVIOUS) need('DEALDESK_SECRET_KEY', 'with DEALDESK_SECRET_KEY_PREVIOUS: it is the new key that seals');
});

export class ConfigError extends Error {}

/**
 * A value as it may be shown in a message: a URL's password (`mysql://root:pw@host`) becomes `***`,
 * and a long value is cut, so a start-up error never prints a credential or a pasted file.
 */
export function withoutPassword(value: string): string {
  const hidden = value
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/i, '$1:***@')
    .replace(/([?&](?:password|pass|pwd|secret|token)=)[^&#]*/gi, '$1***');
  return hidden.length > 200 ? `${hidden.slice(0, 200)}…` : hidden;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZConsistentEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = env[name];
    const shown = value === undefined || /SECRET|TOKEN|PASSWORD|KEY/.test(name) ? '' : ` (got "${withoutPassword(value)}")`;
    return `${name}: ${issue.message}${shown}`;
  });
  throw new ConfigError(`Invalid configuration — fix these environment variables (see .env.example):\n  ${lines.join('\n  ')}`);
}

/** Which chat platforms the configuration turns on; none means the local shell. */
export function platformsOf(config: Config): { slack: boolean; teams: boolean } {
  const slack = Boolean(config.SLACK_SIGNING_SECRET || config.SLACK_APP_TOKEN || config.SLACK_BOT_TOKEN || config.SLACK_CLIENT_ID);
  const teams = Boolean(config.TEAMS_APP_ID || config.TEAMS_DEV_ANONYMOUS);
  return { slack, teams };
}
