import { z } from 'zod';
import { DEFAULT_DATABASE_URL } from '../store/db.js';

const optional = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : undefined));

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
    .refine((url) => url.startsWith('file:') || /^postgres(ql)?:\/\//.test(url), 'must start with file: (SQLite) or postgres:// (PostgreSQL)'),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  /** Unset: `info` when serving chat platforms, `warn` in the local shell (its answers share the terminal). */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  SLACK_BOT_TOKEN: optional,
  SLACK_SIGNING_SECRET: optional,
  SLACK_APP_TOKEN: optional,
  SLACK_CLIENT_ID: optional,
  SLACK_CLIENT_SECRET: optional,
  SLACK_STATE_SECRET: optional,
  SLACK_API_URL: z.string().trim().url().optional().or(z.literal('').transform(() => undefined)),
  TEAMS_APP_ID: optional,
  TEAMS_APP_PASSWORD: optional,
  TEAMS_TENANT_ID: optional,
  TEAMS_DEV_ANONYMOUS: flag,
});

export type Config = z.infer<typeof ZEnvSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZEnvSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = env[name];
    const shown = value === undefined || /SECRET|TOKEN|PASSWORD/.test(name) ? '' : ` (got "${value}")`;
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
