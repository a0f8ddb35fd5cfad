import { parseArgs } from 'node:util';
import { daysInMonth } from '../domain/calendar.js';

export const USAGE = `usage: npm run jobs -- run [--at <instant>]

  run      run the jobs due at the instant, each slot once (running it again delivers nothing new)
  --at     an ISO 8601 instant with its offset, e.g. 2026-12-01T08:30:00Z; default: now`;

export class UsageError extends Error {}

export type JobsCommand = { command: 'run'; at: Date | undefined } | { command: 'help' };

export function parseJobsArgs(argv: string[]): JobsCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { at: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  const [command, ...extra] = positionals;
  if (command !== 'run') throw new UsageError(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra.join(' ')}"\n${USAGE}`);
  return { command, at: values.at === undefined ? undefined : parseInstant(values.at) };
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/** A full ISO 8601 date-time with Z or an offset; a wall time without one would be ambiguous. */
export function parseInstant(text: string): Date {
  const match = INSTANT.exec(text.trim());
  const instant = new Date(text.trim());
  if (!match || !fieldsInRange(match) || Number.isNaN(instant.getTime())) {
    throw new UsageError(
      `--at must be an ISO 8601 instant with a time zone offset, e.g. 2026-12-01T08:30:00Z or 2026-12-01T09:30:00+01:00 (got "${text}")`,
    );
  }
  return instant;
}

/** Date accepts 2026-02-30 (as March 2); a typo should not run another day's jobs. */
function fieldsInRange(match: RegExpExecArray): boolean {
  const n = (index: number): number => Number(match[index] ?? 0);
  const [year, month, day] = [n(1), n(2), n(3)];
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    n(4) <= 23 &&
    n(5) <= 59 &&
    n(6) <= 59 &&
    n(7) <= 23 &&
    n(8) <= 59
  );
}
