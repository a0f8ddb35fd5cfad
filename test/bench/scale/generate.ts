// Fills a migrated database with a sales organisation of N deals for the scale benchmark (run.ts):
// a year of deal history (created, stage moves, won/lost, amount and close-date changes, notes),
// activities, quarterly quotas, three currencies with monthly rates, and an April fiscal year. People
// scale with N: ten reps per team, one team per 1,000 deals (10 to 100 teams), so 100k and 1M deals
// both have 1,000 reps in 100 teams. Everything follows from the seed, so two runs write the same data.
//
// Rows are written with the database driver itself, many rows per statement inside transactions
// (better-sqlite3: one prepared statement per table; PostgreSQL: one INSERT … SELECT FROM unnest() per
// few thousand rows), in the formats Prisma reads back (SQLite: ISO instants with +00:00, booleans 0/1).
//
//   npx tsx test/bench/scale/generate.ts 100000 file:/tmp/scale.db    # a migrated database, filled
import Database from 'better-sqlite3';
import pg from 'pg';
import { applyMigrations } from '../../../src/store/migrations.js';
import { providerOf, sqliteFilePath, type Provider } from '../../../src/store/db.js';
import { DEFAULT_STAGES } from '../../../src/domain/stages.js';
import { addDays, dateToUtcMidnight, periodOf, utcMidnightToDate, type CalendarDate } from '../../../src/domain/calendar.js';

const DAY = 86_400_000;
/** Monday 08:30 UTC: every manager's digest is due (all teams follow the workspace's UTC and 08:30). */
export const SCALE_NOW = new Date('2026-11-23T08:30:00Z');
export const SCALE_FISCAL_START = 4;
const OPEN = DEFAULT_STAGES.filter((stage) => stage.kind === 'open');
const LOST_REASONS = ['price', 'competitor', 'no budget', 'timing', 'no decision'];
const NOTE_KINDS = ['call', 'meeting', 'email', 'note'];
const RATES: Record<string, number> = { EUR: 1.08, CNY: 0.1378 };

export type ScaleWorkspace = {
  workspaceId: string;
  adminHandle: string;
  /** A rep and the team they sell in, for the rep and team reports. */
  repHandle: string;
  teamName: string;
  deals: number;
  events: number;
  teams: number;
  reps: number;
};

/** A column's kind; `ts` values are milliseconds since the epoch. */
type Kind = 'text' | 'int' | 'bigint' | 'ts' | 'bool' | 'json';
type Value = string | number | boolean | null;
export type Table = { name: string; columns: readonly (readonly [string, Kind])[] };

const tables = {
  member: {
    name: 'Member',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['name', 'text'],
      ['handle', 'text'],
      ['email', 'text'],
      ['role', 'text'],
      ['managerId', 'text'],
      ['teamId', 'text'],
      ['active', 'bool'],
      ['digestOptOut', 'bool'],
      ['createdAt', 'ts'],
      ['updatedAt', 'ts'],
    ],
  },
  team: {
    name: 'Team',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['name', 'text'],
      ['nameKey', 'text'],
      ['region', 'text'],
      ['managerId', 'text'],
      ['createdAt', 'ts'],
      ['updatedAt', 'ts'],
    ],
  },
  account: {
    name: 'Account',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['name', 'text'],
      ['nameKey', 'text'],
      ['grade', 'text'],
      ['channel', 'text'],
      ['createdAt', 'ts'],
      ['updatedAt', 'ts'],
    ],
  },
  deal: {
    name: 'Deal',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['number', 'int'],
      ['title', 'text'],
      ['searchKey', 'text'],
      ['accountId', 'text'],
      ['ownerId', 'text'],
      ['teamId', 'text'],
      ['amountMinor', 'bigint'],
      ['currency', 'text'],
      ['stage', 'text'],
      ['forecastCategory', 'text'],
      ['closeDate', 'ts'],
      ['nextStep', 'text'],
      ['nextStepDue', 'ts'],
      ['sourceChannel', 'text'],
      ['lostReason', 'text'],
      ['closedAt', 'ts'],
      ['stageEnteredAt', 'ts'],
      ['lastActivityAt', 'ts'],
      ['createdAt', 'ts'],
      ['updatedAt', 'ts'],
      ['version', 'int'],
    ],
  },
  event: {
    name: 'DealEvent',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['dealId', 'text'],
      ['actorId', 'text'],
      ['type', 'text'],
      ['at', 'ts'],
      ['fromStage', 'text'],
      ['toStage', 'text'],
      ['amountMinor', 'bigint'],
      ['currency', 'text'],
      ['before', 'json'],
      ['after', 'json'],
    ],
  },
  activity: {
    name: 'Activity',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['dealId', 'text'],
      ['memberId', 'text'],
      ['kind', 'text'],
      ['text', 'text'],
      ['at', 'ts'],
    ],
  },
  quota: {
    name: 'Quota',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['scopeKey', 'text'],
      ['memberId', 'text'],
      ['teamId', 'text'],
      ['periodKey', 'text'],
      ['periodStart', 'ts'],
      ['periodEnd', 'ts'],
      ['amountMinor', 'bigint'],
      ['currency', 'text'],
      ['createdAt', 'ts'],
      ['updatedAt', 'ts'],
    ],
  },
  rate: {
    name: 'ExchangeRate',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['currency', 'text'],
      ['quoteCurrency', 'text'],
      ['rate', 'text'],
      ['effectiveDate', 'ts'],
      ['createdAt', 'ts'],
    ],
  },
} as const satisfies Record<string, Table>;

type Row = Value[];

/** Writes rows of one table at a time; `flush` ends with everything committed. */
export type Writer = {
  add(table: Table, row: Row): void;
  /** Writes what is buffered (parents first), or only once some table holds `atLeast` rows. */
  flush(atLeast?: number): Promise<void>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
};

const PG_TYPES: Record<Kind, string> = {
  text: 'text[]',
  int: 'int[]',
  bigint: 'bigint[]',
  ts: 'timestamp(3)[]',
  bool: 'boolean[]',
  json: 'jsonb[]',
};

/** Parents before children, whatever order rows arrived in. */
const ORDER = [
  'Workspace',
  'Stage',
  'Team',
  'Member',
  'Account',
  'Competitor',
  'Deal',
  'DealEvent',
  'DealCompetitor',
  'Activity',
  'AfterSalesFollowUp',
  'Quota',
  'ExchangeRate',
];
const inOrder = (tables: Iterable<Table>) => [...tables].sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));

function sqliteValue(kind: Kind, value: Value): Value {
  if (value === null) return null;
  if (kind === 'ts') return new Date(value as number).toISOString().replace('Z', '+00:00');
  if (kind === 'bool') return value ? 1 : 0;
  return value;
}

function pgValue(kind: Kind, value: Value): Value {
  if (value === null) return null;
  if (kind === 'ts') return new Date(value as number).toISOString().slice(0, -1);
  return value;
}

/** The triggers that keep the deal search (DealSearch and its full-text index) as deals and activities are written. */
const SEARCH_TRIGGERS = ['Deal_search_insert', 'Activity_search_insert', 'DealSearch_fts_insert'] as const;

/**
 * The search rows the suspended triggers would have written: one per deal in the order deals were written,
 * with its account's name and its activities' texts in the order they were written, one per line; then
 * the full-text index built from them in one pass.
 */
function rebuildSearch(db: Database.Database): void {
  db.exec(`
    INSERT INTO "DealSearch" ("dealId", "workspaceId", "accountId", "account", "title", "nextStep", "notes")
    SELECT d."id", d."workspaceId", d."accountId", COALESCE(a."name", ''), d."title", COALESCE(d."nextStep", ''),
      COALESCE((SELECT group_concat(x."text", char(10)) FROM (SELECT "text" FROM "Activity" WHERE "dealId" = d."id" ORDER BY rowid) x), '')
    FROM "Deal" d LEFT JOIN "Account" a ON a."id" = d."accountId"
    ORDER BY d.rowid;
    INSERT INTO "DealSearchFts" ("DealSearchFts") VALUES ('rebuild');`);
}

function sqliteWriter(file: string): Writer {
  const db = new Database(file);
  // A bulk load into a new file: nothing to protect, so no journal and no flushes (the app sets WAL again on open).
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  // Plain indexes are dropped for the load and built again at the end, each in one sorted pass: kept during
  // the load, every row updated them in random order. Unique ones stay: the search triggers find a deal's
  // search row through one (each activity appends its text to it).
  const indexes = db
    .prepare<[], { sql: string; name: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql LIKE 'CREATE INDEX %'")
    .all();
  for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
  // The search triggers are suspended too: each activity rewrote its deal's search row and that row's
  // trigram index, so a million deals' notes were indexed over and over. The search rows are written
  // at the end as the triggers would have left them, then indexed once (see rebuildSearch).
  const triggers = db
    .prepare<[string, string, string], { sql: string; name: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)",
    )
    .all(...SEARCH_TRIGGERS);
  for (const { name } of triggers) db.exec(`DROP TRIGGER "${name}"`);
  const buffers = new Map<Table, Row[]>();
  const statements = new Map<Table, Database.Statement>();
  const statementOf = (table: Table) => {
    let statement = statements.get(table);
    if (!statement) {
      const names = table.columns.map(([name]) => `"${name}"`).join(', ');
      statement = db.prepare(`INSERT INTO "${table.name}" (${names}) VALUES (${table.columns.map(() => '?').join(', ')})`);
      statements.set(table, statement);
    }
    return statement;
  };
  const write = db.transaction((table: Table, rows: Row[]) => {
    const statement = statementOf(table);
    for (const row of rows) statement.run(row.map((value, i) => sqliteValue(table.columns[i]?.[1] ?? 'text', value)));
  });
  const flushTable = (table: Table) => {
    const rows = buffers.get(table);
    if (rows && rows.length > 0) write(table, rows);
    buffers.set(table, []);
  };
  return {
    add(table, row) {
      const rows = buffers.get(table) ?? [];
      rows.push(row);
      buffers.set(table, rows);
    },
    flush(atLeast = 0) {
      if ([...buffers.values()].some((rows) => rows.length >= atLeast)) for (const table of inOrder(buffers.keys())) flushTable(table);
      return Promise.resolve();
    },
    exec(sql) {
      db.exec(sql);
      return Promise.resolve();
    },
    close() {
      try {
        db.transaction(() => {
          for (const { sql } of indexes) db.exec(sql);
          if (triggers.length > 0) rebuildSearch(db);
          for (const { sql } of triggers) db.exec(sql);
        })();
      } finally {
        db.close();
      }
      return Promise.resolve();
    },
  };
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('SET synchronous_commit = off');
  const buffers = new Map<Table, Row[]>();
  const flushTable = async (table: Table) => {
    const rows = buffers.get(table);
    buffers.set(table, []);
    if (!rows || rows.length === 0) return;
    const names = table.columns.map(([name]) => `"${name}"`).join(', ');
    const params = table.columns.map(([, kind], i) => `$${String(i + 1)}::${PG_TYPES[kind]}`).join(', ');
    const columns = table.columns.map(([, kind], i) => rows.map((row) => pgValue(kind, row[i] ?? null)));
    await client.query(`INSERT INTO "${table.name}" (${names}) SELECT * FROM unnest(${params})`, columns);
  };
  return {
    add(table, row) {
      const rows = buffers.get(table) ?? [];
      rows.push(row);
      buffers.set(table, rows);
    },
    async flush(atLeast = 0) {
      if ([...buffers.values()].some((rows) => rows.length >= atLeast))
        for (const table of inOrder(buffers.keys())) await flushTable(table);
    },
    exec: async (sql) => {
      await client.query(sql);
    },
    close: () => client.end(),
  };
}

/** A bulk writer into the migrated database at `url` (also used by test/support/generated-dataset.ts). */
export async function openWriter(url: string): Promise<Writer> {
  return providerOf(url) === 'sqlite' ? sqliteWriter(sqliteFilePath(url)) : postgresWriter(url);
}

/** mulberry32: a small deterministic generator, so the same seed writes the same organisation. */
export function rngOf(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const midnight = (ms: number) => Math.floor(ms / DAY) * DAY;

/** Teams for `deals` deals: one per 1,000, at least 10 and at most 100; ten reps each. */
export function scaleShape(deals: number): { teams: number; reps: number } {
  const teams = Math.max(10, Math.min(100, Math.round(deals / 1_000)));
  return { teams, reps: teams * 10 };
}

/**
 * Writes a workspace of `deals` deals into the migrated, empty database at `url`. `now` is the
 * instant the history ends at (SCALE_NOW by default).
 */
export async function generateScaleData(url: string, deals: number, options: { seed?: number; now?: Date } = {}): Promise<ScaleWorkspace> {
  const provider: Provider = providerOf(url);
  const rng = rngOf(options.seed ?? 14);
  const nowMs = (options.now ?? SCALE_NOW).getTime();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
  const between = (min: number, max: number) => min + rng() * (max - min);
  const setupAt = nowMs - 400 * DAY;
  const workspaceId = `ws-scale-${String(deals)}`;
  const { teams: teamCount, reps: repCount } = scaleShape(deals);
  const writer = await openWriter(url);
  let events = 0;
  try {
    await writeWorkspace(writer, workspaceId, setupAt, deals + 1);
    // People: an admin, a manager per team, ten reps per team. Teams and managers point at each other:
    // teams first, then people, then each team's manager.
    const admin = `m-admin`;
    const teams: { id: string; name: string; managerId: string }[] = [];
    for (let t = 0; t < teamCount; t++) {
      const team = { id: `t-${pad(t, 3)}`, name: `Team ${pad(t + 1, 3)}`, managerId: `m-mgr-${pad(t, 3)}` };
      teams.push(team);
      writer.add(tables.team, [team.id, workspaceId, team.name, team.name.toLowerCase(), 'AMER', null, setupAt, setupAt]);
    }
    await writer.flush();
    writer.add(tables.member, [
      admin,
      workspaceId,
      'Ada Admin',
      'ada',
      'ada@example.com',
      'admin',
      null,
      null,
      true,
      false,
      setupAt,
      setupAt,
    ]);
    for (const [t, team] of teams.entries()) {
      const n = pad(t + 1, 3);
      writer.add(tables.member, [
        team.managerId,
        workspaceId,
        `Manager ${n}`,
        `mgr${n}`,
        null,
        'manager',
        null,
        team.id,
        true,
        false,
        setupAt,
        setupAt,
      ]);
    }
    const reps: { id: string; teamId: string }[] = [];
    for (let r = 0; r < repCount; r++) {
      const team = teams[r % teamCount] as (typeof teams)[number];
      const id = `m-rep-${pad(r, 4)}`;
      reps.push({ id, teamId: team.id });
      const handle = `rep${pad(r + 1, 4)}`;
      writer.add(tables.member, [
        id,
        workspaceId,
        `Rep ${pad(r + 1, 4)}`,
        handle,
        null,
        'rep',
        team.managerId,
        team.id,
        true,
        false,
        setupAt,
        setupAt,
      ]);
    }
    await writer.flush();
    await writer.exec(`UPDATE "Team" SET "managerId" = 'm-mgr-' || substr("id", 3) WHERE "workspaceId" = '${workspaceId}'`);
    // Accounts: one per ten deals.
    const accountCount = Math.max(10, Math.round(deals / 10));
    for (let a = 0; a < accountCount; a++) {
      const name = `Account ${pad(a + 1, 6)}`;
      writer.add(tables.account, [
        `a-${pad(a, 6)}`,
        workspaceId,
        name,
        name.toLowerCase(),
        pick(['A', 'B', 'C']),
        'direct',
        setupAt,
        setupAt,
      ]);
    }
    await writer.flush();

    // Deals with their history, in creation order (numbers follow it).
    const created = Array.from({ length: deals }, () => nowMs - Math.floor(between(0, 365 * DAY) / 1000) * 1000).sort((a, b) => a - b);
    const wonByRepQuarter = new Map<string, number>();
    for (let i = 0; i < deals; i++) {
      const createdAt = created[i] as number;
      const id = `d-${pad(i, 7)}`;
      const rep = pick(reps);
      const account = Math.floor(rng() * accountCount);
      const accountName = `Account ${pad(account + 1, 6)}`;
      const title = `${pick(['Platform', 'Renewal', 'Pilot', 'Expansion', 'Support'])} ${pad(i + 1, 7)}`;
      const roll = rng();
      const currency = roll < 0.8 ? 'USD' : roll < 0.9 ? 'EUR' : 'CNY';
      const usd = Math.round(between(1_000, 200_000) / 100) * 100;
      const amountMinor = (currency === 'CNY' ? usd * 7 : usd) * 100;
      const age = nowMs - createdAt;
      const outcomeRoll = rng();
      const outcome = age > 20 * DAY ? (outcomeRoll < 0.35 ? 'won' : outcomeRoll < 0.6 ? 'lost' : 'open') : 'open';
      // Stage path: from Lead (or a later open stage, as imported or fast deals do) up to the last open stage reached.
      const first = Math.floor(rng() * 2);
      const last =
        outcome === 'open' ? first + Math.floor(rng() * (OPEN.length - first)) : first + Math.floor(rng() * (OPEN.length - first));
      const endMs =
        outcome === 'open'
          ? nowMs - Math.floor(between(0, Math.min(age, 60 * DAY)) / 1000) * 1000
          : createdAt + Math.floor(between(DAY, age) / 1000) * 1000;
      const moves = last - first + (outcome === 'open' ? 0 : 1);
      const step = moves > 0 ? Math.max(1000, Math.floor((endMs - createdAt) / (moves + 1) / 1000) * 1000) : 0;
      const closeDateOf = outcome === 'open' ? midnight(nowMs + between(-60, 150) * DAY) : midnight(createdAt + moves * step);
      let at = createdAt;
      let eventNo = 0;
      const event = (type: string, fromStage: string | null, toStage: string | null, before: string | null, after: string | null) => {
        events++;
        writer.add(tables.event, [
          `e-${pad(i, 7)}-${String(eventNo++)}`,
          workspaceId,
          id,
          rep.id,
          type,
          at,
          fromStage,
          toStage,
          amountMinor,
          currency,
          before,
          after,
        ]);
      };
      const firstStage = OPEN[first]?.key ?? 'lead';
      event('created', null, firstStage, null, JSON.stringify({ title, account: accountName, category: 'pipeline' }));
      let stage = firstStage;
      for (let s = first + 1; s <= last; s++) {
        at += step;
        const to = OPEN[s]?.key ?? stage;
        event('stage_changed', stage, to, null, '{"reason":null}');
        stage = to;
      }
      let lostReason: string | null = null;
      let closedAt: number | null = null;
      if (outcome !== 'open') {
        at += step;
        closedAt = at;
        lostReason = outcome === 'lost' ? pick(LOST_REASONS) : null;
        event('stage_changed', stage, outcome, null, JSON.stringify({ reason: lostReason }));
        stage = outcome;
      }
      const stageEnteredAt = at;
      if (rng() < 0.1) {
        at = Math.min(nowMs, at + DAY);
        const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
        event(
          'close_date_changed',
          null,
          null,
          JSON.stringify({ closeDate: date(closeDateOf - 7 * DAY) }),
          JSON.stringify({ closeDate: date(closeDateOf) }),
        );
      }
      const notes = Math.floor(rng() * 3);
      let lastActivityAt = stageEnteredAt;
      for (let n = 0; n < notes; n++) {
        const noteAt = Math.floor(between(createdAt, outcome === 'open' ? nowMs : (closedAt ?? nowMs)) / 1000) * 1000;
        lastActivityAt = Math.max(lastActivityAt, noteAt);
        const kind = pick(NOTE_KINDS);
        const text = `${kind} about ${title}`;
        writer.add(tables.activity, [`ac-${pad(i, 7)}-${String(n)}`, workspaceId, id, rep.id, kind, text, noteAt]);
        at = noteAt;
        event('note', null, null, null, JSON.stringify({ kind, text }));
      }
      const probability = DEFAULT_STAGES.find((s) => s.key === stage)?.probability ?? 0;
      const category =
        outcome !== 'open' ? 'closed' : rng() < 0.03 ? 'omit' : probability >= 80 ? 'commit' : probability >= 60 ? 'best' : 'pipeline';
      const nextStepDue = outcome === 'open' && rng() < 0.5 ? midnight(nowMs + between(-20, 30) * DAY) : null;
      writer.add(tables.deal, [
        id,
        workspaceId,
        i + 1,
        title,
        `${title} ${accountName}`.toLowerCase(),
        `a-${pad(account, 6)}`,
        rep.id,
        rep.teamId,
        amountMinor,
        currency,
        stage,
        category,
        closeDateOf,
        nextStepDue === null ? null : 'Follow up',
        nextStepDue,
        pick(['direct', 'partner', 'online']),
        lostReason,
        closedAt,
        stageEnteredAt,
        lastActivityAt,
        createdAt,
        lastActivityAt,
        1,
      ]);
      if (outcome === 'won') {
        const key = `${rep.id} ${periodOf('quarter', utcMidnightToDate(new Date(closeDateOf)), SCALE_FISCAL_START).key}`;
        wonByRepQuarter.set(key, (wonByRepQuarter.get(key) ?? 0) + usd * 100);
      }
      await writer.flush(provider === 'sqlite' ? 20_000 : 5_000);
    }
    await writer.flush();

    // Quotas: every rep and team, for the four quarters of the current fiscal year.
    const today = utcMidnightToDate(new Date(midnight(nowMs)));
    let quarter = periodOf('quarter', today, SCALE_FISCAL_START);
    const quarters = [quarter];
    for (let q = 0; q < 3; q++) {
      quarter = periodOf('quarter', addDays(quarter.start, -1), SCALE_FISCAL_START);
      quarters.push(quarter);
    }
    let quotaNo = 0;
    for (const period of quarters) {
      const bounds = [period.key, dateToUtcMidnight(period.start).getTime(), dateToUtcMidnight(period.end).getTime()] as const;
      const perTeam = new Map<string, number>();
      for (const rep of reps) {
        const amount = Math.max(
          100_000_00,
          Math.ceil(((wonByRepQuarter.get(`${rep.id} ${period.key}`) ?? 0) * 1.2) / 25_000_00) * 25_000_00,
        );
        perTeam.set(rep.teamId, (perTeam.get(rep.teamId) ?? 0) + amount);
        writer.add(tables.quota, [
          `q-${String(quotaNo++)}`,
          workspaceId,
          `member:${rep.id}`,
          rep.id,
          null,
          ...bounds,
          amount,
          'USD',
          setupAt,
          setupAt,
        ]);
      }
      for (const team of teams) {
        writer.add(tables.quota, [
          `q-${String(quotaNo++)}`,
          workspaceId,
          `team:${team.id}`,
          null,
          team.id,
          ...bounds,
          perTeam.get(team.id) ?? 0,
          'USD',
          setupAt,
          setupAt,
        ]);
      }
    }
    // Rates: EUR and CNY into USD, one a month for the year (and the month before it).
    for (const [currency, base] of Object.entries(RATES)) {
      for (let month = 0; month <= 13; month++) {
        const effective = dateToUtcMidnight(firstOfMonthsAgo(today, month)).getTime();
        const rate = (base * (1 + (month % 5) / 100)).toFixed(4);
        writer.add(tables.rate, [`r-${currency}-${String(month)}`, workspaceId, currency, 'USD', rate, effective, setupAt]);
      }
    }
    await writer.flush();
  } finally {
    await writer.close();
  }
  return {
    workspaceId,
    adminHandle: 'ada',
    repHandle: 'rep0001',
    teamName: 'Team 001',
    deals,
    events,
    teams: teamCount,
    reps: repCount,
  };
}

function firstOfMonthsAgo(today: CalendarDate, months: number): CalendarDate {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - months;
  return `${String(Math.floor(index / 12))}-${pad((index % 12) + 1, 2)}-01`;
}

/** The workspace row and its stages (the rest refers to them). */
async function writeWorkspace(writer: Writer, workspaceId: string, setupAt: number, nextDealNumber: number): Promise<void> {
  const workspace: Table = {
    name: 'Workspace',
    columns: [
      ['id', 'text'],
      ['name', 'text'],
      ['currency', 'text'],
      ['timeZone', 'text'],
      ['fiscalYearStartMonth', 'int'],
      ['nextDealNumber', 'int'],
      ['createdAt', 'ts'],
      ['updatedAt', 'ts'],
    ],
  };
  const stage: Table = {
    name: 'Stage',
    columns: [
      ['id', 'text'],
      ['workspaceId', 'text'],
      ['key', 'text'],
      ['position', 'int'],
      ['probability', 'int'],
      ['kind', 'text'],
      ['nameEn', 'text'],
      ['nameZh', 'text'],
      ['exitCriterionEn', 'text'],
      ['exitCriterionZh', 'text'],
    ],
  };
  writer.add(workspace, [workspaceId, 'Scale benchmark', 'USD', 'UTC', SCALE_FISCAL_START, nextDealNumber, setupAt, setupAt]);
  await writer.flush();
  for (const s of DEFAULT_STAGES) {
    writer.add(stage, [
      `s-${s.key}`,
      workspaceId,
      s.key,
      s.position,
      s.probability,
      s.kind,
      s.nameEn,
      s.nameZh,
      s.exitCriterionEn,
      s.exitCriterionZh,
    ]);
  }
  await writer.flush();
}

// As a script: migrate the database at the URL given, then fill it.
if (process.argv[1]?.endsWith('generate.ts')) {
  const deals = Number(process.argv[2] ?? '10000');
  const url = process.argv[3] ?? 'file:./data/scale.db';
  await applyMigrations(url);
  const started = performance.now();
  const result = await generateScaleData(url, deals);
  console.log(
    `${String(result.deals)} deals, ${String(result.events)} events, ${String(result.reps)} reps in ${String(result.teams)} teams: ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
