import type { App, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import { execute } from '../../../commands/execute.js';
import { formFor } from '../../../commands/forms.js';
import { isDomainError } from '../../../domain/errors.js';
import { describeError } from '../../../commands/execute.js';
import { decodeAction, renderModal } from '../../../views/render/block-kit.js';
import { messageScreen } from '../../../views/screens/message.js';
import { t } from '../../../i18n/index.js';
import { slackContext, type SlackDeps } from '../context.js';
import { slackMessage } from '../render.js';
import { applyEffects } from '../effects.js';
import { formMetadata, FORM_CALLBACK } from './views.js';

/**
 * A button carries the command it stands for. Buttons that need more words open a modal; the others
 * run at once and update the message they are on (a card changes in place), or answer beside it
 * when the message is shared (a wins announcement) or on the App Home.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(/^dd\./, async ({ ack, body, action, respond, client }) => {
    await ack();
    await deps.workLimit.run(() => press(body, action, respond, client));
  });

  async function press(body: BlockAction<ButtonAction>, action: ButtonAction, respond: RespondFn, client: webApi.WebClient): Promise<void> {
    const decoded = decodeAction(action.value ?? '');
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const ctx = await slackContext(deps, client, {
      teamId,
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
    });
    const locale = ctx.actor.locale;
    // Bolt types the container as always there; it is outside input, so it is still read with care.
    const container = body.container as { type?: unknown; is_ephemeral?: unknown } | undefined;
    const onHome = container?.type === 'view';
    const shared = container?.is_ephemeral === false;
    if (!decoded) return;
    if (decoded.form) {
      try {
        const form = await formFor(decoded.form, decoded.command, ctx);
        const replace = !onHome && !shared;
        await client.views.open({
          trigger_id: body.trigger_id,
          view: renderModal(form, {
            callbackId: FORM_CALLBACK,
            privateMetadata: formMetadata(form, { ...(body.response_url ? { responseUrl: body.response_url } : {}), replace }),
            closeLabel: t(locale, 'form.cancel'),
          }),
        });
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const message = slackMessage(messageScreen(describeError(locale, error), { tone: 'error' }), locale);
        if (body.response_url)
          await respond({ response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks });
      }
      return;
    }
    const result = await execute(decoded.command, ctx);
    const message = slackMessage(result.screen, locale);
    if (onHome) {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: t(locale, 'app.name') },
          close: { type: 'plain_text', text: t(locale, 'form.cancel') },
          blocks: message.blocks,
        },
      });
    } else if (!(shared && !result.error && result.screen.subject?.type === 'approval')) {
      // A refusal is added beside the card, which stays as it was; anything else replaces a private answer.
      // A decision on a shared approval card needs no answer: every copy of the card is updated instead.
      await respond({ response_type: 'ephemeral', replace_original: !shared && !result.error, text: message.text, blocks: message.blocks });
    }
    await applyEffects(client, ctx, body.user.id, result.effects);
  }
}
