import type { App, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import { formFor } from '../../../commands/forms.js';
import { isDomainError } from '../../../domain/errors.js';
import { describeError } from '../../../commands/execute.js';
import { decodeAction, renderModal, type DecodedAction } from '../../../views/render/block-kit.js';
import { messageScreen } from '../../../views/screens/message.js';
import { inBothLanguages, t } from '../../../i18n/index.js';
import { SLACK, slackContext, type SlackDeps } from '../context.js';
import { slackMessage } from '../render.js';
import { slackWorker, type SlackRequest } from '../requests.js';
import { formMetadata, FORM_CALLBACK } from './views.js';

type FormId = NonNullable<DecodedAction['form']>;
type Pressed = { body: BlockAction<ButtonAction>; decoded: DecodedAction; teamId: string; onHome: boolean; shared: boolean };

/**
 * A button carries the command it stands for. Buttons that need more words open a modal (nothing is
 * written until it is submitted); the others are recorded before they are acknowledged (#13), then run
 * and update the message they are on (a card changes in place), or answer beside it when the message
 * is shared (a wins announcement) or on the App Home.
 */
export function registerActions(app: App, deps: SlackDeps): void {
  const worker = slackWorker(deps);
  app.action<BlockAction<ButtonAction>>(/^dd\./, async ({ ack, body, action, respond, client }) => {
    const decoded = decodeAction(action.value ?? '');
    if (!decoded) {
      await ack();
      return;
    }
    // Bolt types the container as always there; it is outside input, so it is still read with care.
    const container = body.container as { type?: unknown; is_ephemeral?: unknown } | undefined;
    const pressed: Pressed = {
      body,
      decoded,
      teamId: body.team?.id ?? body.user.team_id ?? '',
      onHome: container?.type === 'view',
      shared: container?.is_ephemeral === false,
    };
    if (decoded.form) {
      const formId = decoded.form;
      await ack();
      await deps.workLimit.run(() => openForm(pressed, formId, respond, client));
      return;
    }
    const key = `slack:action:${pressed.teamId}:${body.trigger_id}`;
    const request: SlackRequest = {
      kind: 'press',
      teamId: pressed.teamId,
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
      command: decoded.command,
      ...(body.response_url ? { responseUrl: body.response_url } : {}),
      onHome: pressed.onHome,
      shared: pressed.shared,
    };
    const accepted = await deps.requests.accept({ key, platform: SLACK, kind: 'press', payload: request });
    await ack();
    if (accepted === 'unavailable') {
      // A button's acknowledgement cannot carry a message: the sentence goes where the answer would have.
      if (body.response_url)
        await respond({ response_type: 'ephemeral', replace_original: false, text: inBothLanguages('request.unavailable') }).catch(
          () => undefined,
        );
      return;
    }
    if (accepted === 'duplicate') return;
    // Queued with its key and trigger only: the work reads the press from its record.
    deps.requests.enqueue(key, worker, { client, triggerId: body.trigger_id });
  });

  async function openForm(
    { body, decoded, teamId, onHome, shared }: Pressed,
    formId: FormId,
    respond: RespondFn,
    client: webApi.WebClient,
  ): Promise<void> {
    const ctx = await slackContext(deps, client, {
      teamId,
      userId: body.user.id,
      ...(body.channel?.id ? { channelId: body.channel.id } : {}),
    });
    const locale = ctx.actor.locale;
    try {
      const form = await formFor(formId, decoded.command, ctx);
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
  }
}
