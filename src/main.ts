/**
 * Composition only: configuration → database (migrated) → the surfaces that are configured.
 * With no chat platform configured, DealDesk is the local shell on the embedded database.
 */
import { isatty } from 'node:tty';
import { ConfigError, loadConfig, platformsOf } from './config/env.js';
import { createDb } from './store/db.js';
import { applyMigrations, MigrationError, redactUrl } from './store/migrations.js';
import { runShell } from './adapters/shell/run-shell.js';
import { parseShellArgs } from './adapters/shell/args.js';
import { isDomainError } from './domain/errors.js';
import { describeError } from './commands/execute.js';
import { logger } from './logger.js';

/** Resolves on SIGINT or SIGTERM (a deploy, Ctrl-C), so work in flight can finish. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function main(): Promise<number> {
  const config = loadConfig();
  const platforms = platformsOf(config);
  const shell = !platforms.slack && !platforms.teams;
  logger.level = config.LOG_LEVEL ?? (shell ? 'warn' : 'info');
  const { applied } = await applyMigrations(config.DATABASE_URL);
  if (applied.length > 0) logger.info({ applied, database: redactUrl(config.DATABASE_URL) }, 'database migrated');
  const db = createDb(config.DATABASE_URL);
  try {
    if (shell) {
      const args = parseShellArgs(process.argv.slice(2));
      await runShell({ db, input: process.stdin, output: process.stdout, interactive: isatty(process.stdin.fd), ...args });
      return 0;
    }
    // Loaded only when a chat platform is configured: the Slack and Teams SDKs take most of a start's
    // time and memory (Teams' alone about 2 s and 100 MB), and the local shell uses neither.
    const { runServer } = await import('./server/run-server.js');
    const server = await runServer({ config, db, logger });
    await stopSignal();
    logger.info('shutting down');
    await server.close();
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof MigrationError) process.stderr.write(`${error.message}\n`);
    else if (isDomainError(error)) process.stderr.write(`${describeError('en', error)}\n`);
    else if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
      process.stderr.write(`${error.message}\nUsage: npm start -- [--no-demo] [--as <name>]\n`);
    else logger.fatal({ err: error }, 'DealDesk stopped');
    process.exit(1);
  },
);
