// Bolt's InstallationStore on the DealDesk database (OAuth installs into many Slack workspaces).
//
// One ChatInstallation row per Slack tenant, platform 'slack':
//   - a workspace install (also one inside an Enterprise Grid org): externalTenantId = the team id
//     (T…), enterpriseId = the org id when there is one;
//   - an org-wide install (isEnterpriseInstall): externalTenantId = enterpriseId = the org id (E…);
//     the whole org is one DealDesk workspace (unless one of its teams also has its own install).
// `secret` holds box.seal(JSON of Bolt's Installation), so tokens never sit in the database in plain
// text. The row also links the tenant to its DealDesk workspace: uninstalling only clears `secret`,
// so the workspace and its deals survive and a reinstall reconnects to them.
//
// Like Bolt's own stores, this keeps the latest installation per tenant; a user token is only handed
// out for the user who installed (queries for another user get the installation without user token).
// Nothing here logs a token: log lines carry ids only.
import type { Installation, InstallationQuery, InstallationStore, Logger } from '@slack/bolt';
import type { Db } from '../../store/db.js';
import type { SecretBox } from '../../store/secret-box.js';
import { createWorkspace } from '../../store/workspaces.js';
import { findInstallation, updateInstallation, workspaceIdOfFirstInstalled } from '../../store/chat-installations.js';

export const SLACK_PLATFORM = 'slack';

type AnyInstallation = Installation;
type AnyQuery = InstallationQuery<boolean>;

/** What onNewWorkspace learns about a DealDesk workspace created by an install. */
export interface NewSlackWorkspace {
  workspaceId: string;
  /** The ChatInstallation key: the team id, or the org id for an org-wide install. */
  externalTenantId: string;
  teamId: string | undefined;
  enterpriseId: string | undefined;
  isEnterpriseInstall: boolean;
  /** The Slack user who installed the app (a natural first admin). */
  installerUserId: string;
  /** The full installation, tokens included: never log it. */
  installation: AnyInstallation;
}

export interface PrismaInstallationStoreOptions {
  /**
   * Called after an install created a new DealDesk workspace (not on reinstalls), e.g. to make the
   * installer an admin or send a welcome. The installation is already stored when it runs, so an
   * error is logged (with Bolt's logger) and not rethrown.
   */
  onNewWorkspace?: (created: NewSlackWorkspace) => void | Promise<void>;
}

/** The key of an installation or a query: the org id for org-wide installs, else the team id. */
function tenantKey(
  source: { isEnterpriseInstall?: boolean | undefined; enterpriseId?: string | undefined; teamId?: string | undefined },
  what: string,
): string {
  if (source.isEnterpriseInstall) {
    if (source.enterpriseId) return source.enterpriseId;
    throw new Error(`Slack ${what}: an org-wide installation needs an enterprise id`);
  }
  if (source.teamId) return source.teamId;
  throw new Error(`Slack ${what}: a workspace installation needs a team id`);
}

function describeQuery(query: AnyQuery): string {
  return `enterprise_id: ${query.enterpriseId ?? '-'}, team_id: ${query.teamId ?? '-'}, org-wide: ${query.isEnterpriseInstall ? 'yes' : 'no'}`;
}

/** The installation without its user token (for another user's request, or after that user revoked it). */
function withoutUserToken(installation: AnyInstallation): AnyInstallation {
  const { token: _token, refreshToken: _refreshToken, expiresAt: _expiresAt, scopes: _scopes, ...user } = installation.user;
  return { ...installation, user: { ...user, token: undefined, scopes: undefined } };
}

export function createPrismaInstallationStore(db: Db, box: SecretBox, options: PrismaInstallationStoreOptions = {}): InstallationStore {
  const find = (externalTenantId: string) => findInstallation(db, SLACK_PLATFORM, externalTenantId);

  const open = (sealed: string, externalTenantId: string): AnyInstallation => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(box.open(sealed, { platform: SLACK_PLATFORM, tenant: externalTenantId }));
    } catch (error) {
      throw new Error(`Stored Slack installation for ${externalTenantId} cannot be read: ${(error as Error).message}`, { cause: error });
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { user?: unknown }).user !== 'object') {
      throw new Error(`Stored Slack installation for ${externalTenantId} is not an installation object`);
    }
    return parsed as AnyInstallation;
  };

  return {
    async storeInstallation(installation, logger?: Logger): Promise<void> {
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const teamId = installation.team?.id;
      const enterpriseId = installation.enterprise?.id;
      const externalTenantId = tenantKey({ isEnterpriseInstall, enterpriseId, teamId }, 'storeInstallation');
      const data = {
        enterpriseId: enterpriseId ?? null,
        botUserId: installation.bot?.userId ?? null,
        secret: box.seal(JSON.stringify(installation), { platform: SLACK_PLATFORM, tenant: externalTenantId }),
      };

      let created: string | undefined;
      if (!(await find(externalTenantId))) {
        const name = (isEnterpriseInstall ? installation.enterprise?.name : installation.team?.name) ?? `Slack ${externalTenantId}`;
        try {
          // Creates the workspace, its stages and the (still secret-less) installation row in one transaction.
          created = await createWorkspace(db, { name }, { platform: SLACK_PLATFORM, externalTenantId });
        } catch (error) {
          // A concurrent install of the same tenant won the race (unique platform + tenant): update its row.
          if (!(await find(externalTenantId))) throw error;
        }
      }
      // If this second step failed, the row stays without a secret: fetch reports "not installed" and a
      // reinstall completes it, reusing the workspace.
      await updateInstallation(db, SLACK_PLATFORM, externalTenantId, data);
      logger?.info(
        `Stored Slack installation (${created ? 'new workspace' : 'reinstall'}) for ${isEnterpriseInstall ? 'org' : 'team'} ${externalTenantId}` +
          (enterpriseId && !isEnterpriseInstall ? ` in org ${enterpriseId}` : ''),
      );

      if (created && options.onNewWorkspace) {
        try {
          await options.onNewWorkspace({
            workspaceId: created,
            externalTenantId,
            teamId,
            enterpriseId,
            isEnterpriseInstall,
            installerUserId: installation.user.id,
            installation,
          });
        } catch (error) {
          logger?.error(`onNewWorkspace failed for Slack tenant ${externalTenantId}: ${(error as Error).message}`);
        }
      }
    },

    async fetchInstallation(query, logger?: Logger): Promise<AnyInstallation> {
      const externalTenantId = tenantKey(query, 'fetchInstallation');
      const row = await find(externalTenantId);
      if (!row?.secret) {
        logger?.debug(`No Slack installation for ${describeQuery(query)}`);
        throw new Error(`No Slack installation found (${describeQuery(query)})`);
      }
      const installation = open(row.secret, externalTenantId);
      if (query.userId !== undefined && installation.user.id !== query.userId && installation.user.token !== undefined) {
        return withoutUserToken(installation);
      }
      return installation;
    },

    async deleteInstallation(query, logger?: Logger): Promise<void> {
      const externalTenantId = tenantKey(query, 'deleteInstallation');
      const row = await find(externalTenantId);
      if (!row?.secret) return;
      if (query.userId !== undefined) {
        // Only that user's token goes (e.g. tokens_revoked for user tokens); the bot stays installed.
        const installation = open(row.secret, externalTenantId);
        if (installation.user.id !== query.userId || installation.user.token === undefined) return;
        if (installation.bot) {
          await updateInstallation(db, SLACK_PLATFORM, externalTenantId, {
            secret: box.seal(JSON.stringify(withoutUserToken(installation)), { platform: SLACK_PLATFORM, tenant: externalTenantId }),
          });
          logger?.info(`Removed the user token of ${query.userId} from the Slack installation for ${externalTenantId}`);
          return;
        }
      }
      // Uninstalled: forget the tokens, keep the row (tenant → workspace) and the workspace's data.
      await updateInstallation(db, SLACK_PLATFORM, externalTenantId, { secret: null });
      logger?.info(`Deleted the Slack installation for ${describeQuery(query)}; the DealDesk workspace is kept`);
    },
  };
}

/**
 * The DealDesk workspace of a Slack team: its own installation first, else its org's org-wide one.
 * Also answers for uninstalled tenants (the link is kept). Null when neither was ever installed.
 */
export async function workspaceIdForSlackTeam(db: Db, teamId: string | undefined, enterpriseId?: string): Promise<string | null> {
  const keys = [teamId, enterpriseId].filter((key): key is string => Boolean(key));
  return workspaceIdOfFirstInstalled(db, SLACK_PLATFORM, keys);
}
