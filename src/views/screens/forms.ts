import type { Form, Screen } from '../screen.js';
import type { StageDef } from '../../domain/stages.js';
import { stageName } from '../../domain/stages.js';
import { keyOf, t } from '../../i18n/index.js';
import { ACTIVITY_KINDS } from '../../domain/deal.js';
import type { Locale } from '../../i18n/locale.js';

/** A stage as a choice: its name and probability, e.g. “Proposal (60%)”. */
function stageOption(locale: Locale, stage: StageDef): string {
  return t(locale, 'deal.stage_value', { stage: stageName(stage, locale), probability: `${stage.probability}%` });
}

/** The New deal screen: a hint and the form. */
export function newDealFormScreen(locale: Locale, stages: readonly StageDef[], currency: string): Screen {
  const form = newDealForm(locale, stages, currency);
  return { kind: 'form', title: form.title, blocks: [{ type: 'context', text: t(locale, 'form.deal_new.hint') }], form };
}

/** The New deal form. Field names are the keys of the `deal.new` command's schema. */
export function newDealForm(locale: Locale, stages: readonly StageDef[], currency: string): Form {
  return {
    id: 'deal.new',
    commandId: 'deal.new',
    title: t(locale, 'form.deal_new.title'),
    submitLabel: t(locale, 'form.create'),
    fields: [
      {
        name: 'account',
        label: t(locale, 'field.account'),
        kind: 'text',
        required: true,
        placeholder: t(locale, 'form.account_placeholder'),
      },
      {
        name: 'amount',
        label: t(locale, 'field.amount'),
        kind: 'amount',
        required: true,
        placeholder: t(locale, 'form.amount_placeholder'),
        hint: t(locale, 'form.amount_hint', { currency }),
      },
      {
        name: 'stage',
        label: t(locale, 'field.stage'),
        kind: 'select',
        required: false,
        options: stages.filter((s) => s.kind !== 'lost').map((s) => ({ value: s.key, label: stageOption(locale, s) })),
      },
      {
        name: 'close',
        label: t(locale, 'field.close_date'),
        kind: 'date',
        required: false,
        placeholder: t(locale, 'form.close_placeholder'),
      },
      { name: 'title', label: t(locale, 'field.title'), kind: 'text', required: false },
      {
        name: 'competitors',
        label: t(locale, 'form.competitors'),
        kind: 'text',
        required: false,
        placeholder: t(locale, 'form.competitors.placeholder'),
      },
    ],
  };
}

/** Move stage: every other stage; a reason (needed for Lost). */
export function moveStageForm(locale: Locale, stages: readonly StageDef[], deal: { ref: string; stage: string }): Form {
  return {
    id: 'deal.move',
    commandId: 'deal.move',
    title: t(locale, 'form.move.title'),
    submitLabel: t(locale, 'form.move.submit'),
    hidden: { deal: deal.ref },
    fields: [
      {
        name: 'stage',
        label: t(locale, 'field.stage'),
        kind: 'select',
        required: true,
        options: stages.filter((s) => s.key !== deal.stage).map((s) => ({ value: s.key, label: stageOption(locale, s) })),
      },
      { name: 'reason', label: t(locale, 'form.reason'), kind: 'text', required: false, hint: t(locale, 'form.reason_hint') },
    ],
  };
}

export function lostReasonForm(locale: Locale, deal: { ref: string }, lostStage: string): Form {
  return {
    id: 'deal.lost',
    commandId: 'deal.move',
    title: t(locale, 'form.lost.title'),
    submitLabel: t(locale, 'form.lost.submit'),
    hidden: { deal: deal.ref, stage: lostStage },
    fields: [
      {
        name: 'reason',
        label: t(locale, 'prompt.lost_reason'),
        kind: 'textarea',
        required: true,
        placeholder: t(locale, 'form.lost.placeholder'),
      },
      {
        name: 'lostTo',
        label: t(locale, 'form.lost_to'),
        kind: 'text',
        required: false,
        placeholder: t(locale, 'form.lost_to.placeholder'),
      },
    ],
  };
}

export function noteForm(locale: Locale, deal: { ref: string }): Form {
  return {
    id: 'deal.note',
    commandId: 'deal.note',
    title: t(locale, 'form.note.title'),
    submitLabel: t(locale, 'form.note.submit'),
    hidden: { deal: deal.ref },
    fields: [
      {
        name: 'text',
        label: t(locale, 'form.note.label'),
        kind: 'textarea',
        required: true,
        placeholder: t(locale, 'form.note.placeholder'),
        hint: t(locale, 'prompt.note'),
      },
    ],
  };
}

/** Request discount: a percentage and why. */
export function discountForm(locale: Locale, deal: { ref: string }): Form {
  return {
    id: 'deal.discount',
    commandId: 'deal.discount',
    title: t(locale, 'form.discount.title'),
    submitLabel: t(locale, 'form.discount.submit'),
    hidden: { deal: deal.ref },
    fields: [
      { name: 'pct', label: t(locale, 'form.discount.pct'), kind: 'text', required: true, placeholder: '15%' },
      {
        name: 'reason',
        label: t(locale, 'approval.reason'),
        kind: 'textarea',
        required: true,
        placeholder: t(locale, 'form.discount.reason_placeholder'),
      },
    ],
  };
}

export function newDiscountFormScreen(locale: Locale, ref: string): Screen {
  const form = discountForm(locale, { ref });
  return { kind: 'form', title: form.title, blocks: [{ type: 'context', text: t(locale, 'form.discount.hint', { ref }) }], form };
}

/** Reject asks for a reason, which the requester will read. */
export function rejectForm(locale: Locale, request: { dealRef: string; id: string }): Form {
  return {
    id: 'discount.reject',
    commandId: 'deal.reject',
    title: t(locale, 'form.reject.title'),
    submitLabel: t(locale, 'form.reject.submit'),
    hidden: { deal: request.dealRef, request: request.id },
    fields: [{ name: 'reason', label: t(locale, 'prompt.reject_reason'), kind: 'textarea', required: true }],
  };
}

/** A deal the message-note picker offers: its reference and what it reads as. */
export type NoteTarget = { ref: string; accountName: string; title: string; stage?: StageDef };

/**
 * "Log as note on a deal" from a chat message: the message's text prefilled, a picker of the person's
 * open deals and the kind of follow-up. Submitted as `deal.note`, as `/deal note <deal> <text>` is.
 */
export function messageNoteForm(locale: Locale, note: { text: string; cut?: number; deals: readonly NoteTarget[] }): Form {
  return {
    id: 'deal.note',
    commandId: 'deal.note',
    title: t(locale, 'message_note.title'),
    submitLabel: t(locale, 'form.note.submit'),
    fields: [
      {
        name: 'deal',
        label: t(locale, 'message_note.deal'),
        kind: 'select',
        required: true,
        placeholder: t(locale, 'message_note.deal_placeholder'),
        hint: t(locale, 'message_note.deal_hint'),
        options: note.deals.map((deal) => ({ value: deal.ref, label: noteTargetLabel(locale, deal) })),
      },
      {
        name: 'kind',
        label: t(locale, 'message_note.kind'),
        kind: 'select',
        required: true,
        value: 'note',
        options: ACTIVITY_KINDS.map((kind) => ({ value: kind, label: t(locale, keyOf('activity', kind)) })),
      },
      {
        name: 'text',
        label: t(locale, 'message_note.text'),
        kind: 'textarea',
        required: true,
        value: note.text,
        ...(note.cut === undefined ? {} : { hint: t(locale, 'message_note.cut', { max: note.cut }) }),
      },
    ],
  };
}

/** “D-12 Acme — Renewal · Proposal”: the reference first, so a cut label still names the deal. */
function noteTargetLabel(locale: Locale, deal: NoteTarget): string {
  const name = deal.title && deal.title !== deal.accountName ? `${deal.accountName} — ${deal.title}` : deal.accountName;
  return [`${deal.ref} ${name}`, deal.stage ? stageName(deal.stage, locale) : ''].filter(Boolean).join(' · ');
}
