import type { Db } from './db.js';

/**
 * A chat platform's installation rows (ChatInstallation): one per platform tenant, linking it to its
 * DealDesk workspace. `secret` is whatever sealed text the platform's adapter keeps there (Slack:
 * its OAuth installation, sealed with the secret box); this module never reads inside it.
 */
export type InstallationRow = { id: string; workspaceId: string; secret: string | null };

export async function findInstallation(db: Db, platform: string, externalTenantId: string): Promise<InstallationRow | null> {
  return db.chatInstallation.findUnique({
    where: { platform_externalTenantId: { platform, externalTenantId } },
    select: { id: true, workspaceId: true, secret: true },
  });
}

/** Updates an existing row's sealed secret (null: uninstalled, the row and its workspace are kept) and bot details. */
export async function updateInstallation(
  db: Db,
  platform: string,
  externalTenantId: string,
  data: { secret: string | null; enterpriseId?: string | null; botUserId?: string | null },
): Promise<void> {
  await db.chatInstallation.update({
    where: { platform_externalTenantId: { platform, externalTenantId } },
    data,
    select: { id: true },
  });
}

/** The workspace of the first of `keys` (tenant ids, in order of preference) that was ever installed; null when none was. */
export async function workspaceIdOfFirstInstalled(db: Db, platform: string, keys: readonly string[]): Promise<string | null> {
  if (keys.length === 0) return null;
  const rows = await db.chatInstallation.findMany({
    where: { platform, externalTenantId: { in: [...keys] } },
    select: { externalTenantId: true, workspaceId: true },
  });
  const byKey = new Map(rows.map((row) => [row.externalTenantId, row.workspaceId]));
  for (const key of keys) {
    const workspaceId = byKey.get(key);
    if (workspaceId) return workspaceId;
  }
  return null;
}
