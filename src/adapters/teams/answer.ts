import type { CommandContext } from '../../commands/context.js';
import type { CommandResult, Effect } from '../../commands/command.js';
import { describeError, execute } from '../../commands/execute.js';
import { formFor, submitForm } from '../../commands/forms.js';
import { commandById } from '../../commands/index.js';
import { approvalCard } from '../../commands/approval-screen.js';
import { findRequest } from '../../store/discounts.js';
import { isDomainError } from '../../domain/errors.js';
import type { FormId } from '../../views/screen.js';
import type { CardActionInput } from '../../views/render/adaptive-card.js';
import { t } from '../../i18n/index.js';
import type { CardReply } from './dedupe.js';
import { FORM_VERB, OPENER_KEY, teamsCard, teamsFormCard, type CardSubject } from './render.js';
import type { TeamsIdentity } from './context.js';

/**
 * What a card action comes to. `changed`: data changed, so every copy of the card should show the new
 * state; `refused`: nothing was saved (a form may be corrected and sent again).
 */
export type Outcome = { reply: CardReply; changed: boolean; refused: boolean; effects?: Effect[] };

type Viewer = Pick<TeamsIdentity, 'teamsUserId'>;

/** A typed line or a button's command, answered as a card (or a form card when the command opens one). */
export function outcomeOf(result: CommandResult, line: string, ctx: CommandContext, viewer: Viewer): Outcome {
  const effects = result.effects ?? [];
  // A refusal leaves the card as it was and says why, unless the answer is the card's own current
  // state (an approval someone else just decided): then that state is shown.
  if (result.error) {
    const reply: CardReply = result.screen.subject
      ? { card: teamsCard(result.screen, ctx.actor.locale, viewer) }
      : { message: result.error.message };
    return { reply, changed: false, refused: true };
  }
  if (result.screen.form) return { reply: { card: teamsFormCard(result.screen.form, line) }, changed: false, refused: false };
  return {
    reply: { card: teamsCard(result.screen, ctx.actor.locale, viewer) },
    changed: effects.length > 0,
    refused: false,
    ...(effects.length > 0 ? { effects } : {}),
  };
}

/** The card a typed message is answered with: refusals are shown as a card too, since nothing else is there. */
export function messageCard(result: CommandResult, line: string, ctx: CommandContext, viewer: Viewer) {
  if (result.screen.form) return teamsFormCard(result.screen.form, line);
  return teamsCard(result.screen, ctx.actor.locale, viewer);
}

/**
 * A pressed button (`dd.run`) or a submitted form card (`dd.form`), from an Action.Execute or from its
 * Action.Submit fallback. A button with its own text box runs its command with the text appended (as
 * the shell does); a button with a form opens the form as a card; a refused form comes back with the
 * message under the field it concerns and the values as typed.
 */
export async function answerAction(verb: string, input: CardActionInput, ctx: CommandContext, viewer: Viewer): Promise<Outcome> {
  const locale = ctx.actor.locale;
  if (verb === FORM_VERB) {
    if (!input.commandId || !commandById(input.commandId)) return invalid(ctx);
    const { [OPENER_KEY]: opener, ...hidden } = input.hidden ?? {};
    const result = await submitForm({ commandId: input.commandId, hidden }, input.values, ctx);
    if (!result.error) return outcomeOf(result, opener ?? '', ctx, viewer);
    const form = input.form && opener !== undefined ? await formFor(input.form as FormId, opener, ctx).catch(() => undefined) : undefined;
    if (!form) return { reply: { message: result.error.message }, changed: false, refused: true };
    const field = result.error.field && form.fields.some((f) => f.name === result.error?.field) ? result.error.field : 'form';
    const values = Object.fromEntries(Object.entries(input.values).filter(([name]) => form.fields.some((f) => f.name === name)));
    return {
      reply: { card: teamsFormCard(form, opener ?? '', { errors: { [field]: result.error.message }, values }) },
      changed: false,
      refused: true,
    };
  }
  const command = input.command;
  if (!command) return invalid(ctx);
  const typed = input.input?.trim();
  if (typed) return outcomeOf(await execute(`${command} ${typed}`, ctx), command, ctx, viewer);
  if (input.form) {
    try {
      return { reply: { card: teamsFormCard(await formFor(input.form as FormId, command, ctx), command) }, changed: false, refused: false };
    } catch (error) {
      if (!isDomainError(error)) throw error;
      return { reply: { message: describeError(locale, error) }, changed: false, refused: true };
    }
  }
  return outcomeOf(await execute(command, ctx), command, ctx, viewer);
}

/** The current state of a deal or an approval, as this viewer sees it (Universal Actions refresh). */
export async function refreshCard(subject: CardSubject, ctx: CommandContext, viewer: Viewer): Promise<CardReply> {
  if (subject.subject === 'deal') {
    const result = await execute(`deal show ${subject.ref}`, ctx);
    return result.error ? { message: result.error.message } : { card: teamsCard(result.screen, ctx.actor.locale, viewer) };
  }
  const request = await findRequest(ctx.db, ctx.workspace.id, subject.id);
  if (!request) return { message: t(ctx.actor.locale, 'discount.not_found') };
  return { card: teamsCard(await approvalCard(ctx, request), ctx.actor.locale, viewer) };
}

export function readSubject(data: unknown): CardSubject | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const record = data as Record<string, unknown>;
  if (record['subject'] === 'deal' && typeof record['ref'] === 'string' && /^D-\d{1,9}$/i.test(record['ref']))
    return { subject: 'deal', ref: record['ref'] };
  if (record['subject'] === 'approval' && typeof record['id'] === 'string' && record['id'].length <= 64)
    return { subject: 'approval', id: record['id'] };
  return undefined;
}

function invalid(ctx: CommandContext): Outcome {
  return { reply: { message: t(ctx.actor.locale, 'card.invalid') }, changed: false, refused: true };
}
