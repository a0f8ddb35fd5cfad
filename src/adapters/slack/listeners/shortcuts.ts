import type { App, MessageShortcut, webApi } from '@slack/bolt';
import { messageNoteFor } from '../../../commands/message-note.js';
import { renderLoadingModal, renderModal } from '../../../views/render/block-kit.js';
import { inBothLanguages, t } from '../../../i18n/index.js';
import { slackContext, type SlackDeps } from '../context.js';
import { formMetadata, FORM_CALLBACK } from './views.js';

type WebClient = webApi.WebClient;

/** The message shortcut "Log as note on a deal" (manifests/slack/manifest.yaml, `shortcuts`). */
export const LOG_NOTE_SHORTCUT = 'log_note';

/**
 * "Log as note on a deal" on any message: a modal with the message's text and a picker of the presser's
 * open deals opens at once (the trigger expires in 3 s) and is filled when ready. It writes nothing;
 * its submission is the note form's, done by listeners/views.ts like any other form (recorded, done
 * once, refusals shown on the form), and answered privately in the channel through the shortcut's
 * response_url.
 */
export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut<MessageShortcut>({ callback_id: LOG_NOTE_SHORTCUT, type: 'message_action' }, async ({ shortcut, ack, client }) => {
    await ack();
    await deps.workLimit.run(() => openMessageNoteForm(deps, shortcut, client));
  });
}

async function openMessageNoteForm(deps: SlackDeps, shortcut: MessageShortcut, client: WebClient): Promise<void> {
  // Opened before the member (and so their language) is known: both languages.
  const loading = await client.views.open({
    trigger_id: shortcut.trigger_id,
    view: renderLoadingModal(t('en', 'app.name'), inBothLanguages('form.loading', {}, ' / '), inBothLanguages('form.close', {}, ' / ')),
  });
  const viewId = loading.view?.id ?? '';
  const teamId = shortcut.team?.id ?? shortcut.user.team_id ?? '';
  try {
    const ctx = await slackContext(deps, client, { teamId, userId: shortcut.user.id, channelId: shortcut.channel.id });
    const locale = ctx.actor.locale;
    const text = await slackMessageAsText(client, shortcut.message.text ?? '');
    const note = await messageNoteFor(ctx, text);
    const view =
      'refusal' in note
        ? renderLoadingModal(t(locale, 'message_note.title'), note.refusal, t(locale, 'form.close'))
        : renderModal(note.form, {
            callbackId: FORM_CALLBACK,
            privateMetadata: formMetadata(note.form, { responseUrl: shortcut.response_url }),
            closeLabel: t(locale, 'form.cancel'),
          });
    await client.views.update({ view_id: viewId, view });
  } catch (error) {
    deps.logger.error({ err: error }, 'slack message shortcut failed');
    await client.views
      .update({
        view_id: viewId,
        view: renderLoadingModal(t('en', 'app.name'), inBothLanguages('error.internal'), inBothLanguages('form.close', {}, ' / ')),
      })
      .catch(() => undefined);
  }
}

const USER_MENTION = /<@([UW][A-Z0-9_]+)(?:\|([^>]*))?>/g;
const CHANNEL_MENTION = /<#([A-Z0-9]+)(?:\|([^>]*))?>/g;
const SPECIAL_MENTION = /<!(here|channel|everyone)(?:\|[^>]*)?>/g;
const GROUP_MENTION = /<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g;
const LINK = /<((?:https?|mailto|tel):[^|>]+)(?:\|([^>]*))?>/g;

/**
 * A Slack message's text as a person reads it: `<@U0123>` becomes the person's name (from `users.info`;
 * nobody is created), channels `#name`, links their label and address; Slack's `&amp;`, `&lt;`, `&gt;` are decoded.
 */
async function slackMessageAsText(client: WebClient, text: string): Promise<string> {
  const names = new Map<string, string>();
  for (const [, userId, label] of text.matchAll(USER_MENTION)) {
    if (userId === undefined || names.has(userId)) continue;
    names.set(userId, await displayName(client, userId, label));
  }
  return text
    .replace(USER_MENTION, (_whole, userId: string) => `@${names.get(userId) ?? userId}`)
    .replace(CHANNEL_MENTION, (_whole, id: string, name: string | undefined) => `#${name?.trim() || id}`)
    .replace(SPECIAL_MENTION, '@$1')
    .replace(GROUP_MENTION, (_whole, label: string | undefined) => label?.trim() || '@group')
    .replace(LINK, (_whole, url: string, label: string | undefined) =>
      label?.trim() && label.trim() !== url ? `${label.trim()} (${url})` : url,
    )
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

async function displayName(client: WebClient, userId: string, label: string | undefined): Promise<string> {
  try {
    const { user } = await client.users.info({ user: userId });
    return user?.real_name || user?.profile?.real_name || user?.profile?.display_name || user?.name || label?.trim() || userId;
  } catch {
    // Slack does not tell (user_not_found, a user of another workspace): the label or the id stays.
    return label?.trim() || userId;
  }
}
