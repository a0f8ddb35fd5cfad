import type { CommandContext } from './context.js';
import type { CommandResult } from './command.js';
import { executeForm } from './execute.js';
import { tokenize } from './tokenize.js';
import { resolveDeal } from './resolve-deal.js';
import { dealRef } from '../domain/deal.js';
import { DomainError } from '../domain/errors.js';
import type { Form, FormId } from '../views/screen.js';
import { discountForm, lostReasonForm, moveStageForm, newDealForm, noteForm, rejectForm } from '../views/screens/forms.js';
import { adminFormFor } from './dealdesk-member.js';
import { accountContactFormFor } from './account.js';
import { importUploadForm } from '../views/screens/import.js';
import { satisfactionForm } from '../views/screens/satisfaction.js';

/**
 * The form a button opens on platforms with modals or cards. `command` is the button's command
 * (`deal move D-42`, `deal move D-42 lost`, `deal note D-42`), which names the deal.
 */
export async function formFor(formId: FormId, command: string, ctx: CommandContext): Promise<Form> {
  const locale = ctx.actor.locale;
  if (formId === 'deal.new') return newDealForm(locale, ctx.workspace.stages, ctx.workspace.currency);
  if (formId === 'import.upload') return importUploadForm(locale);
  const tokens = tokenize(command);
  if (formId === 'team.new' || formId === 'member.edit' || formId === 'member.handover') return adminFormFor(formId, tokens, ctx);
  if (formId === 'account.contact') return accountContactFormFor(tokens, ctx);
  const ref = tokens[2];
  if (!ref) throw new DomainError('deal.ref_missing', {});
  const deal = await resolveDeal(ctx, ref);
  const target = { ref: dealRef(deal.number), stage: deal.stage };
  switch (formId) {
    case 'deal.move':
      return moveStageForm(locale, ctx.workspace.stages, target);
    case 'deal.note':
      return noteForm(locale, target);
    case 'deal.discount':
      return discountForm(locale, target);
    case 'discount.reject': {
      const request = tokens.find((token) => token.startsWith('req:'))?.slice(4);
      if (!request) throw new DomainError('discount.none_pending', { deal: target.ref });
      return rejectForm(locale, { dealRef: target.ref, id: request });
    }
    case 'deal.lost':
      return lostReasonForm(locale, target, ctx.workspace.stages.find((s) => s.kind === 'lost')?.key ?? 'lost');
    case 'deal.satisfaction':
      return satisfactionForm(locale, target);
    default:
      // Teams hands over the form id of a card as sent, so an unknown one can arrive here at run time.
      throw new DomainError('command.invalid', { field: formId });
  }
}

/** Runs a submitted form: its visible values plus the hidden ones it carried, through the command's schema. */
export async function submitForm(
  form: Pick<Form, 'commandId' | 'hidden'>,
  values: Record<string, string>,
  ctx: CommandContext,
): Promise<CommandResult> {
  const input: Record<string, string> = { ...form.hidden };
  for (const [name, value] of Object.entries(values)) if (value.trim() !== '') input[name] = value;
  return executeForm(form.commandId, input, ctx);
}
