import type { App, BlockAction, ButtonAction, RespondFn, webApi } from '@slack/bolt';
import { formFor } from '../../../commands/forms.js';
import { isDomainError } from '../../../domain/errors.js';
import { describeError } from '../../../commands/execute.js';
import { decodeAction, renderModal, type DecodedAction } from '../../../views/render/block-kit.js';
import { messageScreen } from '../../../views/screens/message.js';
import { inBothLanguages, t } from '../../../i18n/index.js';
import { SLACK, slackContext, type SlackDeps } from '../context.js';
import { slackMessage } from '../render.js';
import { replacesPostedMessage, slackWorker, type SlackRequest } from '../requests.js';
import { formMetadata, FORM_CALLBACK } from './views.js';

type FormId = NonNullable<DecodedAction['form']>;
type Pressed = {
  body: BlockAction<ButtonAction>;
  decoded: DecodedAction;
  teamId: string;
  onHome: boolean;
  shared: boolean;
  /** The posted (not ephemeral) message the button is on, in a channel or a DM. */
  message: { channel: string; ts: string } | undefined;
};

/**
 * A button carries the command it stands for. Buttons that need more words open a modal (nothing is
 * written until it is submitted); the others are recorded before they are acknowledged (#13), then run.
 * Whether the answer takes the place of the message the button is on (a private answer through its
 * response_url, a posted message with chat.update) or is given beside it is decided per button: see
 * IN_PLACE_ACTIONS in ../requests.ts.
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
    const container = body.container as { type?: unknown; is_ephemeral?: unknown; channel_id?: unknown; message_ts?: unknown } | undefined;
    const shared = container?.is_ephemeral === false;
    const channel = typeof container?.channel_id === 'string' ? container.channel_id : body.channel?.id;
    const ts = typeof container?.message_ts === 'string' ? container.message_ts : body.message?.ts;
    const pressed: Pressed = {
      body,
      decoded,
      teamId: body.team?.id ?? body.user.team_id ?? '',
      onHome: container?.type === 'view',
      shared,
      message: shared && container.type === 'message' && channel && ts ? { channel, ts } : undefined,
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
      actionId: decoded.id,
      ...(pressed.message ? { message: pressed.message } : {}),
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
    { body, decoded, teamId, onHome, shared, message }: Pressed,
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
      // The submission's answer follows the button's rule (IN_PLACE_ACTIONS in ../requests.ts).
      const inPlace = message && replacesPostedMessage(decoded.id) ? message : undefined;
      const replace = !onHome && (!shared || inPlace !== undefined);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: renderModal(form, {
          callbackId: FORM_CALLBACK,
          privateMetadata: formMetadata(form, {
            ...(body.response_url ? { responseUrl: body.response_url } : {}),
            replace,
            ...(inPlace ? { message: inPlace } : {}),
          }),
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
