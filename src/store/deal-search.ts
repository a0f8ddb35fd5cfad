/**
 * `/deal search`: full-text search over each deal's account name, title, next step and notes, ranked,
 * in the workspace and among the deals the searcher may see. The text lives in the DealSearch table,
 * which database triggers keep in step with Deal, Account and Activity (migration `deal_search`):
 *
 * - SQLite: an FTS5 table with the trigram tokenizer over DealSearch, ranked by bm25 with account and
 *   title weighing 10, the next step 3 and notes 1. A trigram index finds any run of three or more
 *   characters in any script; words of one or two characters (most Chinese words: 华为, 合同) cannot be
 *   trigrams, so they are matched with LIKE on the rows the other words found, or, when every word is
 *   that short, on the workspace's rows of DealSearch.
 * - PostgreSQL: the built-in `simple` configuration (no extension), a GIN index over
 *   `dealdesk_search_vector(account, title, nextStep, notes)` with weights A (account, title), B (next
 *   step) and C (notes), ranked by ts_rank. Each CJK character is indexed as a word of its own, so a
 *   Chinese word matches as a phrase of adjacent characters; other words match as prefixes.
 */
import { providerOfDb, type Db } from './db.js';
import { Prisma as PrismaValues } from './generated/sqlite/client.js';
import { dealSelect, toDealRecord, type DealRecord } from './deals.js';

type Sql = PrismaValues.Sql;
const sql = PrismaValues.sql;
const join = PrismaValues.join;
const empty = PrismaValues.empty;

/**
 * The FTS5 table and its shadow tables: Prisma's schema cannot describe them, so the schema engine
 * treats them as external (store/migrate-engine.ts) instead of proposing to drop them.
 */
export const SEARCH_INDEX_TABLES: readonly string[] = [
  'DealSearchFts',
  'DealSearchFts_config',
  'DealSearchFts_data',
  'DealSearchFts_docsize',
  'DealSearchFts_idx',
];

/** Whose deals a search may return: everything (admins), else the member's own and, for managers, their teams' and reports'. */
export type SearchReach = { everything: true } | { memberId: string; teamIds: readonly string[]; reports: boolean };

export type DealSearchOptions = { workspaceId: string; words: readonly string[]; reach: SearchReach; limit: number };

/** Characters in the CJK blocks the PostgreSQL index splits into one-character words (same ranges as the migration). */
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;
const TRIGRAM = 3;

/** The best-ranked deals matching every word, best first. */
export async function searchDealsFullText(db: Db, options: DealSearchOptions): Promise<DealRecord[]> {
  // Punctuation around a word (`acme,` `“华为”`) is not part of what is looked for.
  const words = options.words.map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')).filter((word) => word.length > 0);
  if (words.length === 0) return [];
  const ids = isPostgres(db) ? await postgresIds(db, options, words) : await sqliteIds(db, options, words);
  if (ids.length === 0) return [];
  const rows = await db.deal.findMany({ where: { id: { in: ids }, workspaceId: options.workspaceId }, select: dealSelect });
  const byId = new Map(rows.map((row) => [row.id, toDealRecord(row)]));
  return ids.flatMap((id) => {
    const deal = byId.get(id);
    return deal ? [deal] : [];
  });
}

function isPostgres(db: Db): boolean {
  return providerOfDb(db) === 'postgresql';
}

function reachSql(reach: SearchReach): Sql {
  if ('everything' in reach) return empty;
  const alternatives: Sql[] = [sql`d."ownerId" = ${reach.memberId}`];
  if (reach.teamIds.length > 0) alternatives.push(sql`d."teamId" IN (${join([...reach.teamIds])})`);
  if (reach.reports) alternatives.push(sql`o."managerId" = ${reach.memberId}`);
  return sql`AND (${join(alternatives, ' OR ')})`;
}

/** `%word%` for LIKE, with LIKE's own characters taken literally. */
function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

async function sqliteIds(db: Db, options: DealSearchOptions, words: readonly string[]): Promise<string[]> {
  // Characters, not UTF-16 units: 华为 is two.
  const long = words.filter((word) => Array.from(word).length >= TRIGRAM);
  const short = words.filter((word) => Array.from(word).length < TRIGRAM);
  const shortSql = short.map((word) => {
    const pattern = likePattern(word);
    return sql`AND (s."account" LIKE ${pattern} ESCAPE '\\' OR s."title" LIKE ${pattern} ESCAPE '\\'
      OR s."nextStep" LIKE ${pattern} ESCAPE '\\' OR s."notes" LIKE ${pattern} ESCAPE '\\')`;
  });
  let rows: { id: string }[];
  if (long.length > 0) {
    // Each word a quoted FTS5 string (quotes doubled), all of them required.
    const match = long.map((word) => `"${word.replaceAll('"', '""')}"`).join(' AND ');
    rows = await db.$queryRaw<{ id: string }[]>`
      SELECT s."dealId" AS "id"
      FROM "DealSearchFts" f
      JOIN "DealSearch" s ON s."id" = f."rowid"
      JOIN "Deal" d ON d."id" = s."dealId"
      JOIN "Member" o ON o."id" = d."ownerId"
      WHERE "DealSearchFts" MATCH ${match} AND s."workspaceId" = ${options.workspaceId}
        ${shortSql.length > 0 ? join(shortSql, ' ') : empty} ${reachSql(options.reach)}
      ORDER BY bm25("DealSearchFts", 10.0, 10.0, 3.0, 1.0), d."number" DESC
      LIMIT ${options.limit}`;
  } else {
    // Only words too short for a trigram: where they appear decides the order (account or title first).
    const place = short.map((word) => {
      const pattern = likePattern(word);
      return sql`CASE WHEN s."account" LIKE ${pattern} ESCAPE '\\' OR s."title" LIKE ${pattern} ESCAPE '\\' THEN 0
        WHEN s."nextStep" LIKE ${pattern} ESCAPE '\\' THEN 1 ELSE 2 END`;
    });
    rows = await db.$queryRaw<{ id: string }[]>`
      SELECT s."dealId" AS "id"
      FROM "DealSearch" s
      JOIN "Deal" d ON d."id" = s."dealId"
      JOIN "Member" o ON o."id" = d."ownerId"
      WHERE s."workspaceId" = ${options.workspaceId} ${shortSql.length > 0 ? join(shortSql, ' ') : empty} ${reachSql(options.reach)}
      ORDER BY ${join(place, ' + ')}, d."number" DESC
      LIMIT ${options.limit}`;
  }
  return rows.map((row) => row.id);
}

/**
 * A tsquery in PostgreSQL's syntax built from letters and digits only (so nothing typed is syntax): a
 * run of CJK characters is a phrase of one-character words, any other run a prefix; all required.
 */
export function postgresQueryText(words: readonly string[]): string {
  const parts: string[] = [];
  for (const word of words) {
    for (const run of word
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []) {
      let latin = '';
      let phrase: string[] = [];
      const flushLatin = () => {
        if (latin) parts.push(`'${latin}':*`);
        latin = '';
      };
      const flushPhrase = () => {
        if (phrase.length > 0) parts.push(phrase.length === 1 ? (phrase[0] ?? '') : `(${phrase.join(' <-> ')})`);
        phrase = [];
      };
      for (const char of run) {
        if (CJK.test(char)) {
          flushLatin();
          phrase.push(`'${char}'`);
        } else {
          flushPhrase();
          latin += char;
        }
      }
      flushLatin();
      flushPhrase();
    }
  }
  return parts.join(' & ');
}

async function postgresIds(db: Db, options: DealSearchOptions, words: readonly string[]): Promise<string[]> {
  const query = postgresQueryText(words);
  if (query === '') return [];
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT s."dealId" AS "id"
    FROM "DealSearch" s
    JOIN "Deal" d ON d."id" = s."dealId"
    JOIN "Member" o ON o."id" = d."ownerId",
    to_tsquery('simple', ${query}) q
    WHERE s."workspaceId" = ${options.workspaceId}
      AND "dealdesk_search_vector"(s."account", s."title", s."nextStep", s."notes") @@ q
      ${reachSql(options.reach)}
    ORDER BY ts_rank("dealdesk_search_vector"(s."account", s."title", s."nextStep", s."notes"), q) DESC, d."number" DESC
    LIMIT ${options.limit}`;
  return rows.map((row) => row.id);
}
