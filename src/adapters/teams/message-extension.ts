/**
 * "Log as note on a deal" on any Teams message: a message extension action (manifests/teams/manifest.json,
 * `composeExtensions`, command `logNote`, context message, fetchTask). `composeExtension/fetchTask` answers
 * with a dialog holding the note form (the message's text, a picker of the person's open deals, the kind of
 * follow-up); `composeExtension/submitAction` logs it as `/deal note` does, once however often Teams
 * delivers it, and answers in the dialog: the sentence that it was logged, or the form again with what to fix.
 */
import type { CommandContext } from '../../commands/context.js';
import type { CommandResult } from '../../commands/command.js';
import { submitForm } from '../../commands/forms.js';
import { messageNoteFor } from '../../commands/message-note.js';
import { doOnce } from '../../store/requests.js';
import type { Db } from '../../store/db.js';
import { readCardAction, renderFormCard, type AdaptiveCard, type SubmitAction } from '../../views/render/adaptive-card.js';
import type { Form } from '../../views/screen.js';
import { t } from '../../i18n/index.js';
import { unlessInternal } from '../durable-requests.js';
import { TEAMS } from './context.js';
import { activityKey } from './dedupe.js';
import { applyEffects, type TeamsNotifier } from './effects.js';
import { ADAPTIVE_CARD, FORM_VERB } from './render.js';
import { plainMessageText } from './text.js';
import type { Turn, TurnIO } from './turn.js';
import type { TeamsDeps } from './context.js';

/** The message extension command's id in the Teams manifest. */
export const LOG_NOTE_COMMAND = 'logNote';

const FETCH_TASK = 'composeExtension/fetchTask';
const SUBMIT_ACTION = 'composeExtension/submitAction';

/** The note form's command: the only one a submitted dialog may run. */
const NOTE_COMMAND = 'deal.note';

type Answer = { status: number; body: unknown };

export function isMessageExtensionInvoke(name: string | undefined): boolean {
  return name === FETCH_TASK || name === SUBMIT_ACTION;
}

/** The invoke's answer: a dialog with the form, a sentence in a dialog, or the form again with its errors. */
export async function answerMessageExtension(deps: TeamsDeps & { notifier?: TeamsNotifier }, io: TurnIO, turn: Turn): Promise<Answer> {
  const activity = io.activity;
  const value = record(activity.value);
  const ctx = turn.ctx;
  if (!ctx || value['commandId'] !== LOG_NOTE_COMMAND) return said(t(ctx?.actor.locale ?? 'en', 'card.invalid'));
  if (activity.name === FETCH_TASK) return openNoteDialog(ctx, messageOf(value));
  const submitted = readCardAction(value['data']);
  if (submitted.commandId !== NOTE_COMMAND) return said(t(ctx.actor.locale, 'card.invalid'));
  const values = submitted.values;
  const conversationId = activity.conversation?.id ?? '';
  const work = async (db: Db): Promise<CommandResult> => {
    const result = await unlessInternal(submitForm({ commandId: NOTE_COMMAND, hidden: {} }, values, { ...ctx, db }));
    // A refusal writes nothing, its record included: the corrected form is sent as a new activity anyway.
    if (result.error) throw new Refused(result);
    return result;
  };
  let outcome: { done: true; value: CommandResult } | { done: false };
  try {
    outcome = activity.id
      ? await doOnce(
          deps.db,
          { key: activityKey(conversationId, activity.id), workspaceId: turn.workspaceId, platform: TEAMS, kind: 'form' },
          ctx.now,
          work,
        )
      : { done: true, value: await work(deps.db) };
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return refusedDialog(ctx, values, error.result);
  }
  if (!outcome.done) return said(t(ctx.actor.locale, 'message_note.already'));
  await applyEffects(deps, ctx, outcome.value.effects);
  return said(successSentence(outcome.value));
}

class Refused extends Error {
  constructor(readonly result: CommandResult) {
    super('note refused');
  }
}

async function openNoteDialog(ctx: CommandContext, text: string): Promise<Answer> {
  const note = await messageNoteFor(ctx, text);
  if ('refusal' in note) return said(note.refusal);
  return dialog(ctx, note.form, {});
}

/** The form again, with the sentence under the field it concerns and the values as sent. */
async function refusedDialog(ctx: CommandContext, values: Record<string, string>, result: CommandResult): Promise<Answer> {
  const message = result.error?.message ?? t(ctx.actor.locale, 'error.internal');
  const note = await messageNoteFor(ctx, values['text'] ?? '');
  if ('refusal' in note) return said(message);
  const names = new Set(note.form.fields.map((field) => field.name));
  const field = result.error?.field && names.has(result.error.field) ? result.error.field : 'deal';
  const kept = Object.fromEntries(Object.entries(values).filter(([name]) => names.has(name)));
  return dialog(ctx, note.form, { errors: { [field]: message }, values: kept });
}

/**
 * A dialog (task module) with the form as an Adaptive Card. Dialogs take Action.Submit, not the
 * Action.Execute of cards in a chat: the submit button is the card's own Action.Submit fallback.
 */
function dialog(ctx: CommandContext, form: Form, options: { errors?: Record<string, string>; values?: Record<string, string> }): Answer {
  const card = renderFormCard(form, { verb: FORM_VERB, ...options });
  const submits: SubmitAction[] = (card.actions ?? []).flatMap((action) => (action.type === 'Action.Execute' ? [action.fallback] : []));
  const content: Omit<AdaptiveCard, 'actions'> & { actions: SubmitAction[] } = { ...card, actions: submits };
  return {
    status: 200,
    body: {
      task: {
        type: 'continue',
        value: {
          title: t(ctx.actor.locale, 'message_note.title'),
          height: 'medium',
          width: 'medium',
          card: { contentType: ADAPTIVE_CARD, content },
        },
      },
    },
  };
}

function said(text: string): Answer {
  return { status: 200, body: { task: { type: 'message', value: text } } };
}

/** “Note logged on D-12.”: the notice the note's answer carries. */
function successSentence(result: CommandResult): string {
  const notice = result.screen.blocks.find((block) => block.type === 'text' && block.tone === 'success');
  return notice?.type === 'text' ? notice.text : result.screen.title;
}

/** The text of the message the action was taken on (`messagePayload.body`), HTML flattened. */
function messageOf(value: Record<string, unknown>): string {
  const body = record(record(value['messagePayload'])['body']);
  const content = body['content'];
  const contentType = body['contentType'];
  return typeof content === 'string' ? plainMessageText(content, typeof contentType === 'string' ? contentType : undefined) : '';
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
