import type { CommandContext } from './context.js';
import { LIMITS, dealRef } from '../domain/deal.js';
import { openDealsByRecentActivity } from '../store/note-deals.js';
import type { Form } from '../views/screen.js';
import { messageNoteForm } from '../views/screens/forms.js';
import { t } from '../i18n/index.js';
import { stageKeys } from '../domain/stages.js';

/** The most deals the picker offers: Slack's static select holds 100 options. */
const PICKER_MAX = 100;

/** The form to log a chat message as a note, or the sentence saying why there is none. */
export type MessageNote = { form: Form } | { refusal: string };

/**
 * "Log as note on a deal" on a chat message (a Slack message shortcut, a Teams message action): the
 * message's text (already plain, mentions as names) cut to a note's length, and the person's open deals,
 * the most recently active first. Nothing is written here; the submitted form runs `deal.note`, whose
 * use case checks that the person may edit the deal chosen.
 */
export async function messageNoteFor(ctx: CommandContext, messageText: string): Promise<MessageNote> {
  const locale = ctx.actor.locale;
  const stages = ctx.workspace.stages;
  const deals = await openDealsByRecentActivity(ctx.db, {
    workspaceId: ctx.workspace.id,
    ownerId: ctx.actor.id,
    openStages: stageKeys(stages, 'open'),
    limit: PICKER_MAX,
  });
  if (deals.length === 0) return { refusal: t(locale, 'message_note.no_deals') };
  const { text, cut } = noteText(messageText);
  const form = messageNoteForm(locale, {
    text,
    ...(cut ? { cut: LIMITS.note } : {}),
    deals: deals.map((deal) => {
      const stage = stages.find((s) => s.key === deal.stage);
      return { ref: dealRef(deal.number), accountName: deal.accountName, title: deal.title, ...(stage ? { stage } : {}) };
    }),
  });
  return { form };
}

/** The message as a note: trimmed, blank runs of lines closed up, at most a note's length (never inside a character). */
export function noteText(message: string): { text: string; cut: boolean } {
  const text = message
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  // The note's limit counts UTF-16 units, as the schema does.
  if (text.length <= LIMITS.note) return { text, cut: false };
  let kept = '';
  for (const character of text) {
    if (kept.length + character.length > LIMITS.note - 1) break;
    kept += character;
  }
  return { text: `${kept.trimEnd()}…`, cut: true };
}
