import os from 'node:os';
import type { Db } from '../../store/db.js';
import { createWorkspace, findWorkspaceIdByInstallation, shellDefaultMember } from '../../store/workspaces.js';
import { createMember } from '../../store/members.js';
import { DEMO_DEFAULT_HANDLE, DEMO_PLATFORM, DEMO_TENANT, seedDemoWorkspace } from '../../store/demo-seed.js';

export type ShellWorkspace = { workspaceId: string; defaultMemberId: string; created: 'demo' | 'empty' | null; dealCount: number };

/**
 * The shell's workspace is the one installed for platform `shell`, tenant `local`. On an empty database
 * it is created: the labelled demo workspace, or with `--no-demo` an empty one whose only member is
 * an admin named after the operating-system user.
 */
export async function openShellWorkspace(db: Db, options: { demo: boolean; now: Date }): Promise<ShellWorkspace> {
  const existing = await findWorkspaceIdByInstallation(db, DEMO_PLATFORM, DEMO_TENANT);
  if (existing) {
    const memberId = await shellDefaultMember(db, existing, DEMO_PLATFORM, DEMO_DEFAULT_HANDLE);
    if (!memberId) throw new Error('The local workspace has no members');
    return { workspaceId: existing, defaultMemberId: memberId, created: null, dealCount: 0 };
  }
  if (options.demo) {
    const seeded = await seedDemoWorkspace(db, { now: options.now });
    return { workspaceId: seeded.workspaceId, defaultMemberId: seeded.defaultMemberId, created: 'demo', dealCount: seeded.dealCount };
  }
  const user = os.userInfo().username || 'admin';
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const workspaceId = await createWorkspace(
    db,
    { name: 'Local workspace · 本地工作区', timeZone },
    { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT },
  );
  const memberId = await createMember(
    db,
    workspaceId,
    { name: user, handle: user, role: 'admin' },
    { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT, externalUserId: user },
  );
  return { workspaceId, defaultMemberId: memberId, created: 'empty', dealCount: 0 };
}
