// Scheduled jobs from the command line, e.g. from a system cron or by hand after an outage:
//
//   npm run jobs -- run                               the jobs due now
//   npm run jobs -- run --at 2026-12-01T08:30:00Z     the jobs due at that instant
//
// Each slot is delivered once however often this runs, alongside running bots or not. Deliveries go
// where createDeliverer sends them; a one-line summary goes to stdout, logs to stderr.
// Exit codes: 0 done (failed slots are recorded and retried later), 1 could not run, 2 usage error.
import { ConfigError, loadConfig, platformsOf, type Config } from './config/env.js';
import { createDb, type Db } from './store/db.js';
import { applyMigrations, MigrationError } from './store/migrations.js';
import { logger } from './logger.js';
import { parseJobsArgs, USAGE, UsageError } from './jobs/cli-args.js';
import { createDeliverer } from './jobs/deliverers.js';
import { JOBS } from './jobs/registry.js';
import type { Deliverer } from './jobs/job.js';
import { processClaimant, runDueJobs } from './jobs/runner.js';

/**
 * The chat SDKs are loaded only when a platform is configured: importing them took about 2 of the 3 s
 * this command used to spend before doing anything, and deliveries to the console need neither.
 */
async function platformDeliverersOf(config: Config, db: Db): Promise<Partial<Record<'slack' | 'teams', Deliverer>>> {
  const platforms = platformsOf(config);
  if (!platforms.slack && !platforms.teams) return {};
  const { platformDeliverers } = await import('./server/platform-deliverers.js');
  return platformDeliverers(config, db);
}

async function main(argv: string[]): Promise<number> {
  const command = parseJobsArgs(argv);
  if (command.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  logger.level = config.LOG_LEVEL ?? 'warn';
  await applyMigrations(config.DATABASE_URL);
  const db = createDb(config.DATABASE_URL);
  try {
    const now = command.at ?? new Date();
    const deliver = createDeliverer(config, db, { logger, platforms: await platformDeliverersOf(config, db) });
    const summary = await runDueJobs({ db, now, jobs: JOBS, deliver, claimedBy: processClaimant(), logger });
    process.stdout.write(
      `Jobs at ${now.toISOString()}: ${summary.ran} delivered (${summary.late} late), ${summary.failed} failed, ${summary.skipped} already done or taken; ${JOBS.length} job(s).\n`,
    );
    return 0;
  } finally {
    await db.$disconnect();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    if (error instanceof ConfigError || error instanceof MigrationError) process.stderr.write(`${error.message}\n`);
    else logger.fatal({ err: error }, 'jobs run failed');
    process.exit(1);
  },
);
