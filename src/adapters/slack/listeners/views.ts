import type { App, webApi } from '@slack/bolt';
import { z } from 'zod';
import { submitForm } from '../../../commands/forms.js';
import type { CommandContext } from '../../../commands/context.js';
import type { CommandResult } from '../../../commands/command.js';
import { describeError } from '../../../commands/execute.js';
import { isDomainError } from '../../../domain/errors.js';
import { claimRequest, releaseRequest } from '../../../store/processed-requests.js';
import { readModalValues } from '../../../views/render/block-kit.js';
import type { Form } from '../../../views/screen.js';
import { slackContext, type SlackDeps } from '../context.js';
import { slackMessage } from '../render.js';
import { applyEffects, publishHome } from '../effects.js';
import { describeUploads, downloadSlackFiles, uploadsIn, type SlackFile } from '../files-in.js';

export const FORM_CALLBACK = 'dd.form';

const ZFormMetadata = z.object({
  c: z.string(),
  h: z.record(z.string()).default({}),
  f: z.array(z.string()).default([]),
  /** Where the answer goes: the response_url of the slash command or of the card the button was on. */
  r: z.string().url().optional(),
  /** Replace that message (a card updated in place) rather than add a new one. */
  x: z.boolean().default(false),
});

export function formMetadata(form: Form, origin: { responseUrl?: string; replace?: boolean }): string {
  return JSON.stringify({
    c: form.commandId,
    h: form.hidden ?? {},
    f: form.fields.map((f) => f.name),
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
    x: origin.replace ?? false,
  });
}

/**
 * A submitted modal runs the form's command. Refusals are shown on the field they concern
 * (`response_action: errors`) and nothing is saved; a double submission is processed once.
 */
export function registerViews(app: App, deps: SlackDeps): void {
  app.view(FORM_CALLBACK, async ({ ack, body, view, client, context }) => {
    const meta = ZFormMetadata.parse(JSON.parse(view.private_metadata || '{}'));
    const key = `slack:view:${body.team?.id ?? ''}:${view.id}`;
    if (!(await claimRequest(deps.db, key))) {
      await ack();
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const ctx = await slackContext(deps, client, { teamId, userId: body.user.id });
    const fieldOf = (name: string | undefined) => (name && meta.f.includes(name) ? name : (meta.f[0] ?? 'form'));
    const uploads = uploadsIn(view.state.values);
    if (uploads.length > 0) {
      // A file can take longer to fetch and check than Slack waits for an answer (3 s): only its size is
      // checked before the modal closes; the answer, or the refusal, then replaces the message it came from.
      let files: SlackFile[];
      try {
        files = await describeUploads(client, uploads);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        await releaseRequest(deps.db, key);
        await ack({
          response_action: 'errors',
          errors: {
            [fieldOf(typeof error.data.field === 'string' ? error.data.field : undefined)]: describeError(ctx.actor.locale, error),
          },
        });
        return;
      }
      await ack();
      const token = context.botToken ?? client.token ?? '';
      const withFiles: CommandContext = { ...ctx, attachedFiles: () => downloadSlackFiles(token, files) };
      await deps.workLimit.run(async () => {
        const result = await submitForm({ commandId: meta.c, hidden: meta.h }, readModalValues(view.state.values), withFiles);
        await answer(client, ctx, body.user.id, meta, result);
      });
      return;
    }
    const result = await submitForm({ commandId: meta.c, hidden: meta.h }, readModalValues(view.state.values), ctx);
    if (result.error) {
      await releaseRequest(deps.db, key);
      await ack({ response_action: 'errors', errors: { [fieldOf(result.error.field)]: result.error.message } });
      return;
    }
    await ack();
    // The form's own work had to come first (its refusals are shown on the form); only the answer waits its turn.
    await deps.workLimit.run(() => answer(client, ctx, body.user.id, meta, result));
  });
}

/** The answer to a submitted form goes where the form came from: the message of its button or command, else the App Home. */
async function answer(
  client: webApi.WebClient,
  ctx: CommandContext,
  slackUserId: string,
  meta: z.infer<typeof ZFormMetadata>,
  result: CommandResult,
): Promise<void> {
  const message = slackMessage(result.screen, ctx.actor.locale);
  if (meta.r) {
    await fetch(meta.r, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        response_type: 'ephemeral',
        replace_original: meta.x && !result.error,
        text: message.text,
        blocks: message.blocks,
      }),
    });
  } else if (result.error) {
    await client.chat.postMessage({ channel: slackUserId, text: message.text, blocks: message.blocks });
  } else {
    await publishHome(client, ctx, slackUserId);
  }
  await applyEffects(client, ctx, slackUserId, result.effects);
}
