import type { webApi } from '@slack/bolt';
import type { Db } from '../../store/db.js';
import { ensureMentionedMember, handlesByIdentity, type ChatProfile } from '../../store/members.js';
import { normalizeLocale } from '../../i18n/locale.js';

type WebClient = webApi.WebClient;

/** The person behind a Slack user id, from `users.info`: what a new member is created with. */
export async function slackProfile(client: WebClient, userId: string): Promise<ChatProfile> {
  const { user } = await client.users.info({ user: userId, include_locale: true });
  const name = user?.real_name || user?.profile?.real_name || user?.profile?.display_name || user?.name || userId;
  return {
    name,
    handle: user?.name || name,
    timeZone: user?.tz ?? null,
    locale: normalizeLocale(user?.locale) ?? null,
    email: user?.profile?.email ?? null,
  };
}

const USER_MENTION = /<@([UW][A-Z0-9_]+)(?:\|([^>]*))?>/g;
const LINK = /<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g;

/**
 * A slash command's text as DealDesk's commands read it. With `should_escape` Slack sends a mention as
 * `<@U0123|alice>`: it becomes `@<handle>` of the member with that Slack identity, created now (as a
 * rep, from `users.info`) when they never used DealDesk, so an admin can set up a whole team by
 * mentioning people. Links (`<https://…|label>`) become their address; channel mentions
 * (`<#C0123|sales>`) stay, as their commands read them; Slack's `&amp;`, `&lt;`, `&gt;` are decoded.
 */
export async function resolveSlackMentions(
  deps: { db: Db },
  client: WebClient,
  where: { workspaceId: string; teamId: string },
  text: string,
): Promise<string> {
  const mentions = [...text.matchAll(USER_MENTION)].flatMap(([, userId, label]) => (userId === undefined ? [] : [{ userId, label }]));
  // The members already known, in one read; the others one after another, so that two new people with
  // the same name get distinct handles in a stable order.
  const handles = await handlesByIdentity(
    deps.db,
    where.workspaceId,
    { platform: 'slack', externalTenantId: where.teamId },
    mentions.map((mention) => mention.userId),
  );
  for (const { userId, label } of mentions)
    if (!handles.has(userId)) handles.set(userId, await mentionedHandle(deps.db, client, where, userId, label));
  return text
    .replace(USER_MENTION, (_whole, userId: string) => `@${handles.get(userId) ?? userId}`)
    .replace(LINK, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function mentionedHandle(
  db: Db,
  client: WebClient,
  where: { workspaceId: string; teamId: string },
  userId: string,
  label: string | undefined,
): Promise<string> {
  try {
    const member = await ensureMentionedMember(
      db,
      where.workspaceId,
      { platform: 'slack', externalTenantId: where.teamId, externalUserId: userId },
      () => slackProfile(client, userId),
    );
    return member.handle;
  } catch (error) {
    // Slack does not know the user (user_not_found): the command then says it knows no such person.
    if ((error as { code?: unknown } | null)?.code !== 'slack_webapi_platform_error') throw error;
    return label?.trim() || userId;
  }
}
