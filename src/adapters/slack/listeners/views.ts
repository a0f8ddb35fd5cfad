import type { App } from '@slack/bolt';
import { submitForm } from '../../../commands/forms.js';
import type { CommandResult } from '../../../commands/command.js';
import { describeError } from '../../../commands/execute.js';
import { isDomainError } from '../../../domain/errors.js';
import { releaseRequest } from '../../../store/processed-requests.js';
import { readModalValues } from '../../../views/render/block-kit.js';
import type { Form } from '../../../views/screen.js';
import { doWork, isPermanentFailure, unlessInternal } from '../../durable-requests.js';
import { storeResult } from '../../stored-result.js';
import { SLACK, slackContext, type SlackDeps } from '../context.js';
import { describeUploads, uploadsIn, type SlackFile } from '../files-in.js';
import { answerSlackRequest, slackWorker, ZFormMeta, type SavedAnswer, type SlackRequest } from '../requests.js';
import { inBothLanguages, t } from '../../../i18n/index.js';

export const FORM_CALLBACK = 'dd.form';

export function formMetadata(
  form: Form,
  origin: { responseUrl?: string; replace?: boolean; message?: { channel: string; ts: string } },
): string {
  return JSON.stringify({
    c: form.commandId,
    h: form.hidden ?? {},
    f: form.fields.map((f) => f.name),
    ...(origin.responseUrl ? { r: origin.responseUrl } : {}),
    x: origin.replace ?? false,
    ...(origin.message ? { m: { c: origin.message.channel, t: origin.message.ts } } : {}),
  });
}

/** A refused form: its transaction is rolled back and the refusal shown on the form. */
class Refused extends Error {
  constructor(readonly result: CommandResult) {
    super('form refused');
  }
}

/**
 * A submitted modal runs the form's command. Refusals are shown on the field they concern
 * (`response_action: errors`) and nothing is saved; a double submission is processed once. The work
 * commits with its request record before the modal closes (#13); a form with a file is recorded,
 * acknowledged, and done afterwards, as fetching the file can take longer than Slack waits.
 */
export function registerViews(app: App, deps: SlackDeps): void {
  const worker = slackWorker(deps);
  app.view(FORM_CALLBACK, async ({ ack, body, view, client, context }) => {
    const meta = ZFormMeta.parse(JSON.parse(view.private_metadata || '{}'));
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const key = `slack:view:${teamId}:${view.id}`;
    const fieldOf = (name: string | undefined) => (name && meta.f.includes(name) ? name : (meta.f[0] ?? 'form'));
    const ctx = await slackContext(deps, client, { teamId, userId: body.user.id });
    const uploads = uploadsIn(view.state.values);
    let files: SlackFile[] | undefined;
    if (uploads.length > 0) {
      // Only the files' sizes are checked before the modal closes; the answer, or the refusal, then
      // replaces the message the form came from.
      try {
        files = await describeUploads(client, uploads);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        const field = fieldOf(typeof error.data.field === 'string' ? error.data.field : undefined);
        await ack({ response_action: 'errors', errors: { [field]: describeError(ctx.actor.locale, error) } });
        return;
      }
    }
    const request: SlackRequest = {
      kind: 'form',
      teamId,
      userId: body.user.id,
      meta,
      values: readModalValues(view.state.values),
      ...(files ? { files } : {}),
    };
    const accepted = await deps.requests.accept({ key, platform: SLACK, kind: 'form', payload: request });
    if (accepted === 'unavailable') {
      await ack({ response_action: 'errors', errors: { [fieldOf(undefined)]: inBothLanguages('request.unavailable') } });
      return;
    }
    if (accepted === 'duplicate') {
      await ack();
      return;
    }
    if (files) {
      await ack();
      const botToken = context.botToken ?? client.token ?? '';
      // Queued with its key and token only: the work reads the form, with its files, from its record.
      deps.requests.enqueue(key, worker, { client, botToken });
      return;
    }
    let result: CommandResult;
    try {
      const outcome = await doWork(
        deps,
        key,
        ctx.now,
        async (db) => {
          const submitted = await unlessInternal(submitForm({ commandId: meta.c, hidden: meta.h }, request.values, { ...ctx, db }));
          if (submitted.error) throw new Refused(submitted);
          return submitted;
        },
        (done): SavedAnswer => ({ result: storeResult(done) }),
      );
      if (!outcome.done) {
        await ack();
        return;
      }
      result = outcome.value;
    } catch (error) {
      // Nothing was written: the record goes too, so the person can correct the form and submit it again.
      await releaseRequest(deps.db, key).catch(() => undefined);
      const message =
        error instanceof Refused
          ? (error.result.error?.message ?? '')
          : isPermanentFailure(error)
            ? t(ctx.actor.locale, 'error.internal')
            : inBothLanguages('request.unavailable');
      const field = error instanceof Refused ? error.result.error?.field : undefined;
      if (!(error instanceof Refused)) deps.logger.error({ err: error }, 'slack form failed');
      await ack({ response_action: 'errors', errors: { [fieldOf(field)]: message } });
      return;
    }
    await ack();
    // The form's own work had to come first (its refusals are shown on the form); only the answer waits its turn.
    await deps.requests.process(
      key,
      () => answerSlackRequest(deps, client, key, request, result, ctx, {}),
      () => Promise.resolve(),
    );
  });
}
