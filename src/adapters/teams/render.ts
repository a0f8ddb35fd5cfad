import type { Form, Screen } from '../../views/screen.js';
import { FORM_VERB, RUN_VERB, renderCard, renderFormCard, type AdaptiveCard } from '../../views/render/adaptive-card.js';
import { dealRef } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';

export { FORM_VERB, RUN_VERB };
/** Sent by Teams (not by a person) to fetch the current state of a card that shows a deal or an approval. */
export const REFRESH_VERB = 'dd.refresh';
/** Hidden value on a form card: the button command that opened it, to rebuild the form after a refusal. */
export const OPENER_KEY = 'dd_opener';

/** What a card shows, so Teams can ask for its current state (Universal Actions refresh). */
export type CardSubject = { subject: 'deal'; ref: string } | { subject: 'approval'; id: string };

export function subjectOf(screen: Screen): CardSubject | undefined {
  if (screen.subject?.type === 'deal') return { subject: 'deal', ref: dealRef(screen.subject.number) };
  if (screen.subject?.type === 'approval') return { subject: 'approval', id: screen.subject.id };
  return undefined;
}

/**
 * A screen as an Adaptive Card, with "and N more" in the reader's language. A card about a deal or an
 * approval carries a refresh action: Teams fetches its current state, as each listed user sees it,
 * whenever it is shown again — so an approved request never shows its Approve button to anyone.
 */
export function teamsCard(screen: Screen, locale: Locale, viewer?: { teamsUserId?: string }): AdaptiveCard {
  const subject = subjectOf(screen);
  return renderCard(screen, {
    moreText: (count) => t(locale, 'list.more', { count }),
    ...(subject
      ? { refresh: { verb: REFRESH_VERB, data: subject, ...(viewer?.teamsUserId ? { userIds: [viewer.teamsUserId] } : {}) } }
      : {}),
  });
}

/** A form as a card; it remembers the command that opened it. */
export function teamsFormCard(
  form: Form,
  opener: string,
  options: { errors?: Record<string, string>; values?: Record<string, string> } = {},
): AdaptiveCard {
  return renderFormCard({ ...form, hidden: { ...form.hidden, [OPENER_KEY]: opener } }, { verb: FORM_VERB, ...options });
}

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** An attachment of an outgoing message: a card, a file consent or file info card. */
export type OutgoingAttachment = { contentType: string; content?: unknown; contentUrl?: string; name?: string };

/** A message DealDesk sends (a reply, a proactive post, or a card update). */
export type OutgoingActivity = { type: 'message'; text?: string; summary?: string; attachments?: OutgoingAttachment[] };

/** A message activity carrying one card. */
export function cardActivity(card: AdaptiveCard): OutgoingActivity {
  return {
    type: 'message',
    attachments: [{ contentType: ADAPTIVE_CARD, content: card }],
    ...(card.fallbackText ? { summary: card.fallbackText } : {}),
  };
}
