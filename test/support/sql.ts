// Reading back what raw SQL returns, and the report arithmetic done again on it, for the tests that check
// the commands' and jobs' figures against plain SQL (test/commands/report-figures, test/jobs/digest).
import { inspect } from 'node:util';
import { Prisma } from '../../src/store/generated/sqlite/client.js';

/** COUNT/SUM come back as bigint, number, string or Decimal depending on the provider; null is 0. */
export function big(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string') return BigInt(value);
  if (typeof value === 'object' && 'toFixed' in value && typeof value.toFixed === 'function')
    return BigInt((value as { toFixed(): string }).toFixed());
  throw new TypeError(`not an integer: ${inspect(value)}`);
}

/** {@link big} as a number; throws beyond Number.MAX_SAFE_INTEGER. */
export function num(value: unknown): number {
  const n = big(value);
  const result = Number(n);
  if (!Number.isSafeInteger(result)) throw new RangeError(`${n} is not a safe integer`);
  return result;
}

/** a / b rounded half away from zero (b > 0). */
export function roundHalfAway(a: bigint, b: bigint): bigint {
  const magnitude = a < 0n ? -a : a;
  let q = magnitude / b;
  if ((magnitude % b) * 2n >= b) q += 1n;
  return a < 0n ? -q : q;
}

/** A stage's weighted total: sum × probability / 100, rounded half away from zero. */
export const weighted = (sumMinor: number, probability: number): number =>
  Number(roundHalfAway(BigInt(sumMinor) * BigInt(probability), 100n));

/** part / whole in percent with one decimal, rounded half away from zero (whole > 0). */
export const pct = (part: number, whole: number): number => Number(roundHalfAway(BigInt(part) * 1000n, BigInt(whole))) / 10;

/** {@link pct}, or null when whole is 0. */
export const pctOrNull = (part: number, whole: number): number | null => (whole === 0 ? null : pct(part, whole));

/** `AND <deal d sold in the team>`: whoever owns it now, active or not (issue #11, rule 1). */
export const ownedByTeam = (teamId: string): Prisma.Sql => Prisma.sql`AND d."teamId" = ${teamId}`;

/** An instant read back from SQL: SQLite gives a subquery's MIN of a timestamp back as its stored text. */
export const time = (value: Date | string): number => (value instanceof Date ? value.getTime() : Date.parse(value));

/** The median of the values (the mean of the middle two for an even count); null for none. */
export const median = (values: readonly number[]): number | null => {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
