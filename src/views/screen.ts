/**
 * The platform-neutral view model. Every screen a user can see (deal card, lists, pipeline, quota,
 * forecast, help, errors, forms) is built once as a `Screen` of already-localized text, then rendered
 * to plain text (shell), Block Kit (Slack) or Adaptive Cards (Teams). Renderers never add wording, so
 * the three surfaces cannot drift apart.
 */

import type { ChartSpec } from './charts/spec.js';

export type Tone = 'info' | 'success' | 'warning' | 'error';

export type FormId =
  | 'deal.new'
  | 'deal.move'
  | 'deal.note'
  | 'deal.lost'
  | 'deal.discount'
  | 'discount.reject'
  | 'team.new'
  | 'member.edit'
  | 'member.handover'
  | 'account.contact'
  | 'import.upload'
  | 'deal.satisfaction';

/** A button. Pressing it runs `command`, the same text a user could type. */
export type Action = {
  /** Stable identifier of what the button does, e.g. `deal.move`, `deal.won`, `page`, `pick`. */
  id: string;
  label: string;
  style?: 'primary' | 'danger';
  command: string;
  /** The command needs more words from the user (a note's text, a lost reason); they are appended. */
  input?: { prompt: string; placeholder?: string };
  /** Platforms with modals open this form instead of asking inline. */
  form?: FormId;
};

export type Field = { label: string; value: string };

export type Column = { label: string; align?: 'left' | 'right' };

export type Item = { title: string; detail?: string; action?: Action };

export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string; tone?: Tone }
  | { type: 'fields'; fields: Field[] }
  | { type: 'table'; columns: Column[]; rows: string[][]; totals?: string[] }
  | { type: 'items'; items: Item[] }
  | { type: 'actions'; actions: Action[] }
  | { type: 'context'; text: string }
  | { type: 'divider' }
  /** A picture of figures the screen also shows as text: native on Teams, a PNG on Slack and in the shell. */
  | { type: 'chart'; chart: ChartSpec };

export type FormFieldKind = 'text' | 'textarea' | 'amount' | 'date' | 'select' | 'file';

export type FormField = {
  name: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  placeholder?: string;
  value?: string;
  options?: { value: string; label: string }[];
  hint?: string;
};

export type Form = {
  id: FormId;
  /** The command the submitted values (fields plus `hidden`) are given to, as its schema's input. */
  commandId: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
  /** Hidden values carried through submission, e.g. the deal being edited. */
  hidden?: Record<string, string>;
};

export type ScreenKind =
  | 'deal_card'
  | 'deal_list'
  | 'deal_history'
  | 'deal_search'
  | 'pipeline'
  | 'quota'
  | 'forecast'
  | 'funnel'
  | 'competitors'
  | 'account'
  | 'satisfaction'
  | 'scorecard'
  | 'leaderboard'
  | 'help'
  | 'settings'
  | 'message'
  | 'error'
  | 'pick_list'
  | 'approval'
  | 'approval_list'
  | 'people'
  | 'form';

export type Screen = {
  kind: ScreenKind;
  title: string;
  tone?: Tone;
  blocks: Block[];
  /** What the screen shows, so a posted copy can be updated in place when it changes. */
  subject?: { type: 'deal'; id: string; number: number } | { type: 'approval'; id: string; dealNumber: number };
  form?: Form;
  /**
   * "Share to channel" on a private answer asked in a channel (Slack): its command re-runs the report for
   * the presser and posts it there. Not one of `actionsOf`: the shell and Teams, where answers are not
   * private to a channel, never get one.
   */
  share?: Action;
};

/** Every button on a screen in reading order; the shell numbers them `!1`, `!2`, … */
export function actionsOf(screen: Screen): Action[] {
  const found: Action[] = [];
  for (const block of screen.blocks) {
    if (block.type === 'actions') found.push(...block.actions);
    if (block.type === 'items') for (const item of block.items) if (item.action) found.push(item.action);
  }
  return found;
}

/** Several screens as one, for surfaces that answer a command with a single screen (the shell). */
export function joinScreens(screens: readonly Screen[]): Screen {
  const [first] = screens;
  if (!first) throw new Error('joinScreens needs at least one screen');
  return {
    kind: first.kind,
    title: first.title,
    blocks: screens.flatMap((screen, i) => (i === 0 ? screen.blocks : [{ type: 'divider' as const }, ...screen.blocks])),
  };
}
