import os from 'node:os';
import type { Db } from '../../store/db.js';
import { createWorkspace, findWorkspaceIdByInstallation } from '../../store/workspaces.js';
import { createMember } from '../../store/members.js';
import { DEMO_PLATFORM, DEMO_TENANT, seedDemoWorkspace } from '../../store/demo-seed.js';

export type ShellWorkspace = { workspaceId: string; defaultMemberId: string; created: 'demo' | 'empty' | null; dealCount: number };

/**
 * The shell's workspace is the one installed for platform `shell`, tenant `local`. On an empty database
 * it is created: the labelled demo workspace, or with `--no-demo` an empty one whose only member is
 * an admin named after the operating-system user.
 */
export async function openShellWorkspace(db: Db, options: { demo: boolean; now: Date }): Promise<ShellWorkspace> {
  const existing = await findWorkspaceIdByInstallation(db, DEMO_PLATFORM, DEMO_TENANT);
  if (existing) {
    const member =
      (await db.platformIdentity.findFirst({ where: { workspaceId: existing, platform: DEMO_PLATFORM }, select: { memberId: true }, orderBy: { createdAt: 'asc' } })) ??
      (await db.member.findFirst({ where: { workspaceId: existing, active: true }, select: { id: true }, orderBy: { createdAt: 'asc' } }).then((m) => (m ? { memberId: m.id } : null)));
    const preferred = await db.workspace.findUnique({ where: { id: existing }, select: { isDemo: true } });
    const demoDefault = preferred?.isDemo ? await db.member.findFirst({ where: { workspaceId: existing, handle: 'alice' }, select: { id: true } }) : null;
    const memberId = demoDefault?.id ?? member?.memberId;
    if (!memberId) throw new Error('The local workspace has no members');
    return { workspaceId: existing, defaultMemberId: memberId, created: null, dealCount: 0 };
  }
  if (options.demo) {
    const seeded = await seedDemoWorkspace(db, { now: options.now });
    return { workspaceId: seeded.workspaceId, defaultMemberId: seeded.defaultMemberId, created: 'demo', dealCount: seeded.dealCount };
  }
  const user = os.userInfo().username || 'admin';
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const workspaceId = await createWorkspace(db, { name: 'Local workspace', timeZone }, { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT });
  const memberId = await createMember(db, workspaceId, { name: user, handle: user, role: 'admin' }, { platform: DEMO_PLATFORM, externalTenantId: DEMO_TENANT, externalUserId: user });
  return { workspaceId, defaultMemberId: memberId, created: 'empty', dealCount: 0 };
}
