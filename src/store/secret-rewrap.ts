import type { Db } from './db.js';
import type { SecretBox } from './secret-box.js';

export type RewrapReport = {
  /** Values re-sealed under the newest key (v1 values, or v2 under an older key). */
  rewrapped: number;
  /** Values already v2 under the newest key. */
  current: number;
  /** Values that could not be opened with the keys given: left as they are. Ids only, never contents. */
  failed: { platform: string; tenant: string; reason: string }[];
};

/**
 * Re-seals every stored chat installation secret as v2 under the box's sealing key, bound to its
 * platform and tenant. Each row is replaced only if it still holds the value that was read, so a
 * reinstall that lands meanwhile is kept. Running it again finds nothing to do.
 */
export async function rewrapInstallationSecrets(db: Db, box: SecretBox): Promise<RewrapReport> {
  const rows = await db.chatInstallation.findMany({
    where: { secret: { not: null } },
    select: { id: true, platform: true, externalTenantId: true, secret: true },
    orderBy: { id: 'asc' },
  });
  const report: RewrapReport = { rewrapped: 0, current: 0, failed: [] };
  for (const row of rows) {
    const sealed = row.secret;
    if (sealed === null) continue;
    if (!box.needsRewrap(sealed)) {
      report.current++;
      continue;
    }
    const owner = { platform: row.platform, tenant: row.externalTenantId };
    let plain: string;
    try {
      plain = box.open(sealed, owner);
    } catch (error) {
      report.failed.push({ ...owner, reason: (error as Error).message });
      continue;
    }
    const { count } = await db.chatInstallation.updateMany({
      where: { id: row.id, secret: sealed },
      data: { secret: box.seal(plain, owner) },
    });
    if (count === 1) report.rewrapped++;
  }
  return report;
}
