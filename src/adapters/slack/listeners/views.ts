import type { App } from '@slack/bolt';
import { z } from 'zod';
import { submitForm } from '../../../commands/forms.js';
import { claimRequest, releaseRequest } from '../../../store/processed-requests.js';
import { readModalValues } from '../../../views/render/block-kit.js';
import type { Form } from '../../../views/screen.js';
import { slackContext, type SlackDeps } from '../context.js';
import { slackMessage } from '../render.js';
import { applyEffects, publishHome } from '../effects.js';

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
  app.view(FORM_CALLBACK, async ({ ack, body, view, client }) => {
    const meta = ZFormMetadata.parse(JSON.parse(view.private_metadata || '{}'));
    const key = `slack:view:${body.team?.id ?? ''}:${view.id}`;
    if (!(await claimRequest(deps.db, key))) {
      await ack();
      return;
    }
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const ctx = await slackContext(deps, client, { teamId, userId: body.user.id });
    const result = await submitForm({ commandId: meta.c, hidden: meta.h }, readModalValues(view.state.values), ctx);
    if (result.error) {
      await releaseRequest(deps.db, key);
      const field = result.error.field && meta.f.includes(result.error.field) ? result.error.field : meta.f[0];
      await ack({ response_action: 'errors', errors: { [field ?? 'form']: result.error.message } });
      return;
    }
    await ack();
    const message = slackMessage(result.screen, ctx.actor.locale);
    if (meta.r) {
      await fetch(meta.r, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: meta.x, text: message.text, blocks: message.blocks }),
      });
    } else {
      await publishHome(client, ctx, body.user.id);
    }
    await applyEffects(client, ctx, body.user.id, result.effects);
  });
}
