import type { App, SlashCommand, webApi } from '@slack/bolt';
import { formFor } from '../../../commands/forms.js';
import { renderLoadingModal, renderModal } from '../../../views/render/block-kit.js';
import { inBothLanguages, t } from '../../../i18n/index.js';
import { SLACK, slackContext, type SlackDeps } from '../context.js';
import { slackWorker, type SlackRequest } from '../requests.js';
import { formMetadata, FORM_CALLBACK } from './views.js';

export const SLASH_COMMANDS = /^\/(deal|pipeline|quota|forecast|funnel|scorecard|leaderboard|satisfaction|account|competitors|dealdesk)$/;

/**
 * `/deal …`, `/pipeline …`: recorded, then acknowledged (Slack allows 3 s), then done and answered
 * through the command's `response_url` (#13: once acknowledged, the command is done exactly once, by
 * this process or, if it dies, by another). A bare `/deal` opens the New deal modal straight away and
 * fills it when ready; it writes nothing, so there is nothing to record.
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  const worker = slackWorker(deps);
  app.command(SLASH_COMMANDS, async ({ command, ack, client }) => {
    if (`${command.command.slice(1)} ${command.text}`.trim() === 'deal') {
      await ack();
      await deps.workLimit.run(() => openNewDealForm(command, client));
      return;
    }
    // A retried request carries the same trigger id: it is the same request.
    const key = `slack:command:${command.team_id}:${command.trigger_id}`;
    const request: SlackRequest = {
      kind: 'command',
      teamId: command.team_id,
      userId: command.user_id,
      ...(command.channel_id ? { channelId: command.channel_id } : {}),
      command: command.command,
      text: command.text,
      responseUrl: command.response_url,
    };
    const accepted = await deps.requests.accept({ key, platform: SLACK, kind: 'command', payload: request });
    if (accepted === 'unavailable') {
      await ack({ response_type: 'ephemeral', text: inBothLanguages('request.unavailable') });
      return;
    }
    await ack();
    if (accepted === 'duplicate') return;
    // Queued with its key only: Bolt's request is let go now, and the work reads the request from its record.
    deps.requests.enqueue(key, worker, { client });
  });

  async function openNewDealForm(command: SlashCommand, client: webApi.WebClient): Promise<void> {
    // Opened before the member (and so their language) is known, as the trigger expires in 3 s: both languages.
    const loading = await client.views.open({
      trigger_id: command.trigger_id,
      view: renderLoadingModal(t('en', 'app.name'), inBothLanguages('form.loading', {}, ' / '), inBothLanguages('form.close', {}, ' / ')),
    });
    const ctx = await slackContext(deps, client, { teamId: command.team_id, userId: command.user_id });
    const form = await formFor('deal.new', 'deal', ctx);
    const metadata = formMetadata(form, { responseUrl: command.response_url });
    await client.views.update({
      view_id: loading.view?.id ?? '',
      view: renderModal(form, { callbackId: FORM_CALLBACK, privateMetadata: metadata, closeLabel: t(ctx.actor.locale, 'form.cancel') }),
    });
  }
}
