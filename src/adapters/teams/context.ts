import type { Db } from '../../store/db.js';
import type { Logger } from '../../logger.js';
import type { CommandContext } from '../../commands/context.js';
import { ensureChatWorkspace, replacePlaceholderName } from '../../store/workspaces.js';
import { ensureChatMember } from '../../store/members.js';
import { loadChatContext } from '../../store/chat-context.js';
import { normalizeLocale } from '../../i18n/locale.js';
import { isValidTimeZone } from '../../domain/calendar.js';
import { channelTargetOn } from '../channel-target.js';

export const TEAMS = 'teams';

export type TeamsDeps = {
  db: Db;
  clock: () => Date;
  logger: Logger;
  /** Single-tenant bots (TEAMS_TENANT_ID) ignore activities from any other tenant. */
  tenantId?: string;
  /** Anonymous local development: activities without a tenant (Bot Framework Emulator) use this one. */
  fallbackTenantId?: string;
  /** A second press of the same button on the same card by the same person within this window is the same press. */
  doublePressWindowMs: number;
};

/** Who sent an activity, as far as the activity itself says. */
export type TeamsIdentity = {
  tenantId: string;
  /** AAD object id: stable across chats, tenants' directory key; absent for bots and some system events. */
  userId?: string;
  /** The Teams user id (`29:…`), which card refresh lists need. */
  teamsUserId?: string;
  name: string;
  locale?: string;
  timeZone?: string;
};

/** A person or bot as an activity names them. */
export type TeamsAccount = { id: string; name?: string; aadObjectId?: string; role?: string };

/**
 * What DealDesk reads of an incoming Bot Framework activity. The SDK hands over the request body as
 * it came (it checks only the activity's type), so every field may be missing.
 */
export type TeamsActivity = {
  type: string;
  id?: string;
  name?: string;
  text?: string;
  value?: unknown;
  locale?: string;
  serviceUrl?: string;
  channelId?: string;
  replyToId?: string;
  from?: TeamsAccount;
  recipient?: TeamsAccount;
  conversation?: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean; name?: string };
  channelData?: unknown;
  entities?: ({ type: string } & Record<string, unknown>)[];
  attachments?: { contentType: string; contentUrl?: string; name?: string; content?: unknown }[];
  membersAdded?: TeamsAccount[];
};

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The tenant of an activity: `conversation.tenantId`, else `channelData.tenant.id`. */
export function tenantOf(activity: Partial<TeamsActivity>): string | undefined {
  const channelData: unknown = activity.channelData;
  const fromChannel = isRecord(channelData) && isRecord(channelData['tenant']) ? str(channelData['tenant']['id']) : undefined;
  return str(activity.conversation?.tenantId) ?? fromChannel;
}

/** The conversation id an activity carries; the SDK checks only an incoming activity's type, so it may be missing. */
export function conversationIdSent(activity: Partial<TeamsActivity>): string | undefined {
  return activity.conversation?.id;
}

/** The IANA time zone a Teams client reports in its `clientInfo` entity, when it is a real one. */
export function timeZoneOf(activity: Partial<TeamsActivity>): string | undefined {
  const info = (activity.entities ?? []).find((entity) => entity.type === 'clientInfo');
  const zone = str(info?.['timezone']);
  return zone && isValidTimeZone(zone) ? zone : undefined;
}

export type IdentityResult = { identity: TeamsIdentity } | { refused: 'no_tenant' | 'other_tenant' };

/** Reads the sender of an activity; tenants other than a single-tenant bot's own are refused. */
export function identityOf(activity: Partial<TeamsActivity>, deps: Pick<TeamsDeps, 'tenantId' | 'fallbackTenantId'>): IdentityResult {
  const tenantId = tenantOf(activity) ?? deps.fallbackTenantId;
  if (!tenantId) return { refused: 'no_tenant' };
  if (deps.tenantId && tenantId !== deps.tenantId) return { refused: 'other_tenant' };
  const from = activity.from;
  const isBot = from?.role === 'bot' || (from?.id !== undefined && from.id === activity.recipient?.id);
  // Without an AAD object id (the Emulator, local tests) the channel's user id is the next best key.
  const userId = isBot ? undefined : (str(from?.aadObjectId) ?? (deps.fallbackTenantId ? str(from?.id) : undefined));
  const teamsUserId = isBot ? undefined : str(from?.id);
  const locale = str(activity.locale);
  const timeZone = timeZoneOf(activity);
  return {
    identity: {
      tenantId,
      ...(userId ? { userId } : {}),
      ...(teamsUserId ? { teamsUserId } : {}),
      name: str(from?.name) ?? userId ?? 'Teams user',
      ...(locale ? { locale } : {}),
      ...(timeZone ? { timeZone } : {}),
    },
  };
}

/** The name of a Teams workspace until a real one is known (shown in headers, so replaced when one is). */
export function placeholderName(tenantId: string): string {
  return `Teams ${tenantId}`;
}

/** The name of the team an activity comes from (`channelData.team.name`: a team install, a team channel). */
export function teamNameOf(activity: Partial<TeamsActivity>): string | undefined {
  const channelData: unknown = activity.channelData;
  const team = isRecord(channelData) && isRecord(channelData['team']) ? channelData['team'] : undefined;
  return team ? str(team['name']) : undefined;
}

/**
 * The organisation's domain from an email address or user principal name: `ada@contoso.com` →
 * `contoso.com`; a tenant's default `contoso.onmicrosoft.com` → `contoso`.
 */
export function domainNameOf(address: string | undefined): string | undefined {
  const domain = str(address?.split('@')[1])?.toLowerCase();
  if (!domain || !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return undefined;
  return domain.endsWith('.onmicrosoft.com') ? domain.slice(0, -'.onmicrosoft.com'.length) : domain;
}

/** Names longer than a workspace name may be (`/dealdesk settings name`) are cut. */
const NAME_MAX = 80;

/**
 * The workspace of a Teams tenant, created with the default stages on first contact. Like a Slack
 * team's, it starts with the default settings; its admin (the first member) sets currency, language
 * and time zone with /dealdesk settings. It is named after the team the activity comes from, if any;
 * else it has a placeholder name until `nameTeamsWorkspace` learns a better one.
 */
export async function teamsWorkspace(
  deps: Pick<TeamsDeps, 'db'>,
  identity: TeamsIdentity,
  activity: Partial<TeamsActivity> = {},
): Promise<string> {
  const name = teamNameOf(activity)?.slice(0, NAME_MAX) ?? placeholderName(identity.tenantId);
  return ensureChatWorkspace(deps.db, TEAMS, identity.tenantId, () => Promise.resolve({ name }));
}

/** Unnamed workspaces whose installer this process already looked up, so a failing lookup is tried once. */
const lookedUp = new Set<string>();
const LOOKED_UP_MAX = 1_000;

/**
 * A workspace that still has its placeholder name gets a real one: the team's name when the activity
 * comes from a team, else the domain of the sender's email or UPN from the connector's member lookup
 * (once per workspace and process). A name an admin chose (`/dealdesk settings name`) is never
 * replaced. Returns the context with the name it now has; a lookup that fails changes nothing.
 */
export async function nameTeamsWorkspace(
  deps: Pick<TeamsDeps, 'db' | 'logger'>,
  activity: Partial<TeamsActivity>,
  ctx: CommandContext,
  tenantId: string,
  lookup: () => Promise<{ email?: string; userPrincipalName?: string }>,
): Promise<CommandContext> {
  const placeholder = placeholderName(tenantId);
  if (ctx.workspace.name !== placeholder) return ctx;
  let name = teamNameOf(activity);
  if (!name && !lookedUp.has(ctx.workspace.id)) {
    if (lookedUp.size >= LOOKED_UP_MAX) lookedUp.clear();
    lookedUp.add(ctx.workspace.id);
    try {
      const member = await lookup();
      name = domainNameOf(member.userPrincipalName) ?? domainNameOf(member.email);
    } catch (error) {
      deps.logger.warn(
        { err: error, workspaceId: ctx.workspace.id },
        'teams member lookup failed: the workspace keeps its placeholder name',
      );
    }
  }
  if (!name) return ctx;
  name = name.slice(0, NAME_MAX);
  if (!(await replacePlaceholderName(deps.db, ctx.workspace.id, placeholder, name))) return ctx;
  return { ...ctx, workspace: { ...ctx.workspace, name } };
}

/**
 * Who is acting: the tenant is a DealDesk workspace and the AAD user a member of it, both created on
 * first contact (name, language and time zone from the activity). Every query that follows is scoped
 * to that workspace, so one tenant never sees another's data.
 */
export async function teamsContext(
  deps: Pick<TeamsDeps, 'db' | 'clock'>,
  workspaceId: string,
  identity: TeamsIdentity & { userId: string },
): Promise<CommandContext> {
  const chatIdentity = { platform: TEAMS, externalTenantId: identity.tenantId, externalUserId: identity.userId };
  // A known person costs one statement; on first contact the member is created first.
  let known = await loadChatContext(deps.db, chatIdentity, workspaceId);
  if (known.kind === 'unknown') {
    await ensureChatMember(deps.db, workspaceId, chatIdentity, () =>
      Promise.resolve({
        name: identity.name,
        handle: identity.name,
        timeZone: identity.timeZone ?? null,
        locale: normalizeLocale(identity.locale) ?? null,
        email: null,
      }),
    );
    known = await loadChatContext(deps.db, chatIdentity, workspaceId);
  }
  if (known.kind === 'unknown') throw new Error(`Teams user ${identity.userId} of ${identity.tenantId} vanished`);
  if (known.kind === 'inactive') throw new Error(`Member ${known.memberId} is not active`);
  // A team's channel is named by its conversation id, as typed.
  return {
    db: deps.db,
    workspace: known.workspace,
    actor: known.actor,
    now: deps.clock(),
    platform: TEAMS,
    channelTarget: channelTargetOn(TEAMS, (typed) => typed),
  };
}
