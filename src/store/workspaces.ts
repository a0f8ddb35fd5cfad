import type { Db } from './db.js';
import type { StageDef, StageKind } from '../domain/stages.js';
import { DEFAULT_STAGES } from '../domain/stages.js';
import { normalizeLocale } from '../i18n/locale.js';
import type { WorkspaceContext } from '../domain/workspace-context.js';

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
  const workspace = await db.workspace.findUnique({
    where: { id: workspaceId },
    select: {
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
    },
  });
  if (!workspace) return null;
  const { stages, locale, ...rest } = workspace;
  return {
    ...rest,
    locale: normalizeLocale(locale) ?? 'en',
    stages: stages.map((stage) => ({ ...stage, kind: stage.kind as StageKind })),
  };
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
  await db.workspace.update({ where: { id: workspaceId }, data: patch, select: { id: true } });
}

export async function setStageProbability(db: Db, workspaceId: string, key: string, probability: number): Promise<void> {
  await db.stage.update({ where: { workspaceId_key: { workspaceId, key } }, data: { probability }, select: { id: true } });
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
