import type { Db } from './db.js';
import type { StageDef, StageKind } from '../domain/stages.js';
import { DEFAULT_STAGES } from '../domain/stages.js';
import { normalizeLocale } from '../i18n/locale.js';
import type { WorkspaceContext } from '../domain/workspace-context.js';
import { utcMidnightToDate } from '../domain/calendar.js';

const stageSelect = {
  key: true,
  position: true,
  probability: true,
  kind: true,
  nameEn: true,
  nameZh: true,
  exitCriterionEn: true,
  exitCriterionZh: true,
} as const;

export async function loadWorkspaceContext(db: Db, workspaceId: string): Promise<WorkspaceContext | null> {
  return (await readWorkspaceContext(db, workspaceId))?.context ?? null;
}

async function readWorkspaceContext(db: Db, workspaceId: string): Promise<{ context: WorkspaceContext; version: string } | null> {
  const workspace = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: {
      updatedAt: true,
      id: true,
      name: true,
      isDemo: true,
      currency: true,
      locale: true,
      timeZone: true,
      fiscalYearStartMonth: true,
      staleAfterDays: true,
      digestTime: true,
      winsChannel: true,
      stages: { select: stageSelect, orderBy: { position: 'asc' } },
      // All quote currencies: the workspace's own is not known before this read. Rates into another one
      // are those set before its currency changed, a handful.
      exchangeRates: {
        select: { currency: true, quoteCurrency: true, rate: true, effectiveDate: true },
        orderBy: [{ currency: 'asc' }, { effectiveDate: 'asc' }],
      },
    },
  });
  if (!workspace) return null;
  const { stages, locale, updatedAt, exchangeRates, ...rest } = workspace;
  const context = {
    ...rest,
    locale: normalizeLocale(locale) ?? 'en',
    stages: stages.map((stage) => ({ ...stage, kind: stage.kind as StageKind })),
    rates: exchangeRates
      .filter((rate) => rate.quoteCurrency === rest.currency)
      .map((rate) => ({ currency: rate.currency, rate: rate.rate, effectiveDate: utcMidnightToDate(rate.effectiveDate) })),
  };
  return { context, version: versionOf(updatedAt) };
}

/** `updatedAt` as Prisma returns it (a Date) or as a raw query does (a Date, an ISO string or epoch milliseconds). */
function versionOf(updatedAt: unknown): string {
  if (updatedAt instanceof Date) return String(updatedAt.getTime());
  if (typeof updatedAt === 'string') return String(Date.parse(updatedAt));
  return String(updatedAt);
}

/**
 * Workspace settings, stages and exchange rates kept per process (#14): every command needs them, and
 * they change a few times a year (rates, at most daily). An entry is used only while the workspace row's
 * `updatedAt` (read by the caller in a statement it issues anyway) is the one it was read at, so a change
 * made by another replica is seen on the next request: a write to the stages or rates bumps it too
 * (`cachedPartChanged`). Two changes within one millisecond keep one `updatedAt`, and a row written by
 * hand may not bump it; for those cases entries also expire after a few seconds, and this process drops
 * its entry on every settings change it makes.
 */
const SETTINGS_TTL_MS = 5_000;
const SETTINGS_CACHE_SIZE = 1_000;
const settingsCache = new Map<string, { version: string; context: WorkspaceContext; readAt: number }>();

/** The workspace's context as of `updatedAt`: from this process's cache when that is still current, else read (three statements). */
export async function workspaceContextAsOf(db: Db, workspaceId: string, updatedAt: unknown): Promise<WorkspaceContext | null> {
  const cached = settingsCache.get(workspaceId);
  if (cached && cached.version === versionOf(updatedAt) && Date.now() - cached.readAt < SETTINGS_TTL_MS) return cached.context;
  const fresh = await readWorkspaceContext(db, workspaceId);
  settingsCache.delete(workspaceId);
  if (!fresh) return null;
  if (settingsCache.size >= SETTINGS_CACHE_SIZE) {
    const oldest = settingsCache.keys().next().value;
    if (oldest !== undefined) settingsCache.delete(oldest);
  }
  settingsCache.set(workspaceId, { ...fresh, readAt: Date.now() });
  return fresh.context;
}

function forgetWorkspaceSettings(workspaceId: string): void {
  settingsCache.delete(workspaceId);
}

export async function findWorkspaceIdByInstallation(db: Db, platform: string, externalTenantId: string): Promise<string | null> {
  const installation = await db.chatInstallation.findUnique({
    where: { platform_externalTenantId: { platform, externalTenantId } },
    select: { workspaceId: true },
  });
  return installation?.workspaceId ?? null;
}

export type NewWorkspace = {
  name: string;
  currency?: string;
  locale?: string;
  timeZone?: string;
  isDemo?: boolean;
  stages?: readonly StageDef[];
};

/** A workspace with the default stages, installed for one platform tenant. */
export async function createWorkspace(
  db: Db,
  input: NewWorkspace,
  installation: { platform: string; externalTenantId: string },
): Promise<string> {
  const stages = input.stages ?? DEFAULT_STAGES;
  return db.$transaction(async (tx) => {
    const workspace = await tx.workspace.create({
      data: {
        name: input.name,
        isDemo: input.isDemo ?? false,
        currency: input.currency ?? 'USD',
        locale: input.locale ?? 'en',
        timeZone: input.timeZone ?? 'UTC',
        stages: { createMany: { data: stages.map((stage) => ({ ...stage })) } },
        installations: { create: { platform: installation.platform, externalTenantId: installation.externalTenantId } },
      },
      select: { id: true },
    });
    return workspace.id;
  });
}

export type WorkspaceSettingsPatch = Partial<{
  currency: string;
  locale: string;
  timeZone: string;
  fiscalYearStartMonth: number;
  staleAfterDays: number;
  digestTime: string;
  winsChannel: string | null;
  name: string;
}>;

export async function updateWorkspaceSettings(db: Db, workspaceId: string, patch: WorkspaceSettingsPatch): Promise<void> {
  forgetWorkspaceSettings(workspaceId);
  await db.workspace.update({ where: { id: workspaceId }, data: patch, select: { id: true } });
}

export async function setStageProbability(db: Db, workspaceId: string, key: string, probability: number): Promise<void> {
  await db.stage.update({ where: { workspaceId_key: { workspaceId, key } }, data: { probability }, select: { id: true } });
  await cachedPartChanged(db, workspaceId);
}

/**
 * After a write to a part of the cached context kept in its own table (stages, exchange rates): a new
 * `updatedAt` tells every replica to read the context again, this one included.
 */
export async function cachedPartChanged(db: Db, workspaceId: string): Promise<void> {
  forgetWorkspaceSettings(workspaceId);
  await db.workspace.update({ where: { id: workspaceId }, data: { updatedAt: new Date() }, select: { id: true } });
}

/**
 * Gives a workspace `name` if it still has the `placeholder` it was created with (a chat tenant whose
 * name was not known then); a name anyone chose since stays. True when it was renamed.
 */
export async function replacePlaceholderName(db: Db, workspaceId: string, placeholder: string, name: string): Promise<boolean> {
  forgetWorkspaceSettings(workspaceId);
  const { count } = await db.workspace.updateMany({ where: { id: workspaceId, name: placeholder }, data: { name, updatedAt: new Date() } });
  return count > 0;
}

/** The workspace of a chat tenant (Slack team, Teams tenant), created with the default stages on first contact. */
export async function ensureChatWorkspace(
  db: Db,
  platform: string,
  externalTenantId: string,
  details: () => Promise<{ name: string; locale?: string; timeZone?: string }>,
): Promise<string> {
  const existing = await findWorkspaceIdByInstallation(db, platform, externalTenantId);
  if (existing) return existing;
  const info = await details();
  try {
    return await createWorkspace(
      db,
      { name: info.name, ...(info.locale ? { locale: info.locale } : {}), ...(info.timeZone ? { timeZone: info.timeZone } : {}) },
      { platform, externalTenantId },
    );
  } catch (error) {
    const raced = await findWorkspaceIdByInstallation(db, platform, externalTenantId);
    if (raced) return raced;
    throw error;
  }
}

/** The chat installation of a workspace on one of `platforms` (a workspace lives on one platform). */
export async function installationOf(
  db: Db,
  workspaceId: string,
  platforms: readonly string[],
): Promise<{ platform: string; externalTenantId: string } | null> {
  return db.chatInstallation.findFirst({
    where: { workspaceId, platform: { in: [...platforms] } },
    select: { platform: true, externalTenantId: true },
  });
}

export type ApprovalTimings = { id: string; reminderAfterHours: number; escalateAfterHours: number; catchUpMinutes: number };

export async function approvalTimings(db: Db, workspaceIds: readonly string[]): Promise<ApprovalTimings[]> {
  return db.workspace.findMany({
    where: { id: { in: [...workspaceIds] } },
    select: { id: true, reminderAfterHours: true, escalateAfterHours: true, catchUpMinutes: true },
  });
}

/**
 * Who the local shell acts as when it reopens a workspace: in the demo the rep the seed chose
 * (handle `alice`), otherwise the first member who used the shell, else the first member.
 */
export async function shellDefaultMember(db: Db, workspaceId: string, platform: string, demoHandle: string): Promise<string | null> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { isDemo: true } });
  if (workspace?.isDemo) {
    const demo = await db.member.findFirst({ where: { workspaceId, handle: demoHandle }, select: { id: true } });
    if (demo) return demo.id;
  }
  const identity = await db.platformIdentity.findFirst({
    where: { workspaceId, platform },
    select: { memberId: true },
    orderBy: { createdAt: 'asc' },
  });
  if (identity) return identity.memberId;
  const first = await db.member.findFirst({ where: { workspaceId, active: true }, select: { id: true }, orderBy: { createdAt: 'asc' } });
  return first?.id ?? null;
}
