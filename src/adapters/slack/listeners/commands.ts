import type { App, RespondFn, SlashCommand, webApi } from '@slack/bolt';
import { execute } from '../../../commands/execute.js';
import { formFor } from '../../../commands/forms.js';
import { claimRequest, releaseRequest } from '../../../store/processed-requests.js';
import { renderLoadingModal, renderModal } from '../../../views/render/block-kit.js';
import { t } from '../../../i18n/index.js';
import { slackContext, type SlackDeps } from '../context.js';
import { slackMessage } from '../render.js';
import { applyEffects } from '../effects.js';
import { resolveSlackMentions } from '../mentions.js';
import { formMetadata, FORM_CALLBACK } from './views.js';
import { logger } from '../../../logger.js';

export const SLASH_COMMANDS = /^\/(deal|pipeline|quota|forecast|dealdesk)$/;

/**
 * `/deal …`, `/pipeline …`: acknowledged at once (Slack allows 3 s), answered through `respond`
 * afterwards. A bare `/deal` opens the New deal modal straight away and fills it when ready.
 */
export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMANDS, async ({ command, ack, respond, client }) => {
    await ack();
    await deps.workLimit.run(async () => {
      // A retried request carries the same trigger id: the first delivery did the work.
      const key = `slack:command:${command.team_id}:${command.trigger_id}`;
      if (!(await claimRequest(deps.db, key))) return;
      try {
        await answer(command, respond, client);
      } catch (error) {
        // Slack or the database failed before an answer was sent: say so in both languages (the
        // member may not be known yet), and give the claim back so they can simply try again.
        logger.error({ err: error, command: command.command, teamId: command.team_id }, 'slack command failed');
        await releaseRequest(deps.db, key).catch(() => undefined);
        await respond({ response_type: 'ephemeral', text: `${t('en', 'error.internal')} / ${t('zh-CN', 'error.internal')}` }).catch(
          () => undefined,
        );
      }
    });
  });

  async function answer(command: SlashCommand, respond: RespondFn, client: webApi.WebClient): Promise<void> {
    const line = `${command.command.slice(1)} ${command.text}`.trim();
    if (line === 'deal') {
      // Opened before the member (and so their language) is known, as the trigger expires in 3 s: both languages.
      const both = (key: 'form.loading' | 'form.close') => `${t('en', key)} / ${t('zh-CN', key)}`;
      const loading = await client.views.open({
        trigger_id: command.trigger_id,
        view: renderLoadingModal(t('en', 'app.name'), both('form.loading'), both('form.close')),
      });
      const ctx = await slackContext(deps, client, { teamId: command.team_id, userId: command.user_id });
      const form = await formFor('deal.new', 'deal', ctx);
      const metadata = formMetadata(form, { responseUrl: command.response_url });
      await client.views.update({
        view_id: loading.view?.id ?? '',
        view: renderModal(form, { callbackId: FORM_CALLBACK, privateMetadata: metadata, closeLabel: t(ctx.actor.locale, 'form.cancel') }),
      });
      return;
    }
    const ctx = await slackContext(deps, client, { teamId: command.team_id, userId: command.user_id, channelId: command.channel_id });
    // After the sender is known, so a mention never takes the first-member-is-admin place.
    const text = await resolveSlackMentions(deps, client, { workspaceId: ctx.workspace.id, teamId: command.team_id }, command.text);
    const result = await execute(`${command.command.slice(1)} ${text}`.trim(), ctx);
    const message = slackMessage(result.screen, ctx.actor.locale);
    await respond({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
    await applyEffects(client, ctx, command.user_id, result.effects);
  }
}
