import type { Action, Block, Form, Item, Screen } from '../screen.js';
import type { AccountDeal, AccountView } from '../../store/accounts.js';
import type { StageDef } from '../../domain/stages.js';
import type { Conversion } from '../../domain/exchange.js';
import type { GradeRule } from '../../domain/account-grade.js';
import { SOURCE_CHANNELS, dealRef } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { conversionNotes } from '../conversion.js';
import { dateTimeFormat, day, money, stageLabel, storedWord } from '../format.js';

export type AccountScreenData = {
  view: AccountView;
  stages: readonly StageDef[];
  currency: string;
  /** Lifetime won (each at its close date's rate) and open pipeline (today's rate), in `currency`. */
  wonMinor: number;
  openMinor: number;
  conversion: Conversion;
  /** Whether the workspace has a grade rule (a grade not set by hand then comes from it). */
  ruled: boolean;
  timeZone: string;
  /** A confirmation shown above the account (a contact added, a grade set). */
  notice?: string;
};

/** The words that name the account in a command, quoted when it has spaces. */
export function accountCommand(name: string, ...rest: string[]): string {
  const quoted = /\s/.test(name) || name === '' ? `"${name.replace(/"/g, '”')}"` : name;
  return ['account', quoted, ...rest].join(' ');
}

function dealItem(locale: Locale, stages: readonly StageDef[], deal: AccountDeal): Item {
  const owner = deal.owner.active ? deal.owner.name : t(locale, 'account.owner_inactive', { name: deal.owner.name });
  return {
    title: `${dealRef(deal.number)} ${deal.title}`,
    detail: [
      money(locale, deal.amountMinor, deal.currency),
      stageLabel(locale, stages, deal.stage),
      day(locale, deal.closeDate),
      owner,
    ].join(' · '),
    action: { id: 'deal.show', label: t(locale, 'action.open'), command: `deal show ${dealRef(deal.number)}` },
  };
}

export function accountScreen(data: AccountScreenData, locale: Locale): Screen {
  const { view } = data;
  const { account } = view;
  const none = t(locale, 'account.none');
  const gradeHow = account.gradeManual ? 'account.grade_manual' : data.ruled ? 'account.grade_rule' : 'account.grade_default';
  const satisfaction = view.satisfaction
    ? t(locale, 'account.satisfaction_value', {
        score: new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(view.satisfaction.average),
        count: view.satisfaction.count,
      })
    : none;
  const blocks: Block[] = [];
  if (data.notice) blocks.push({ type: 'text', text: data.notice, tone: 'success' });
  blocks.push(
    { type: 'header', text: t(locale, 'account.title', { name: account.name }) },
    {
      type: 'fields',
      fields: [
        { label: t(locale, 'account.grade'), value: t(locale, gradeHow, { grade: account.grade }) },
        { label: t(locale, 'account.region'), value: account.region ?? none },
        { label: t(locale, 'account.channel'), value: storedWord(locale, 'channel', SOURCE_CHANNELS, account.channel) },
        { label: t(locale, 'account.won'), value: money(locale, data.wonMinor, data.currency) },
        {
          label: t(locale, 'account.open'),
          value: t(locale, 'account.open_value', { amount: money(locale, data.openMinor, data.currency), count: view.openCount }),
        },
        {
          label: t(locale, 'account.last_activity'),
          value: view.lastActivityAt
            ? dateTimeFormat(locale, { dateStyle: 'medium', timeZone: data.timeZone }).format(view.lastActivityAt)
            : none,
        },
        { label: t(locale, 'account.satisfaction'), value: satisfaction },
      ],
    },
    { type: 'text', text: t(locale, 'account.contacts') },
  );
  if (view.contacts.length === 0)
    blocks.push({
      type: 'context',
      text: t(locale, 'account.no_contacts', { command: `/${accountCommand(account.name, 'contact', 'add')}` }),
    });
  else
    blocks.push({
      type: 'items',
      items: view.contacts.map((contact) => ({
        title: contact.role ? `${contact.name} · ${contact.role}` : contact.name,
        detail: [contact.email, contact.phone].filter((part): part is string => part !== null).join(' · ') || none,
      })),
    });
  blocks.push({ type: 'text', text: t(locale, 'account.open_deals', { count: view.openCount }) });
  if (view.openDeals.length === 0) blocks.push({ type: 'context', text: t(locale, 'account.no_open') });
  else {
    blocks.push({ type: 'items', items: view.openDeals.map((deal) => dealItem(locale, data.stages, deal)) });
    if (view.openCount > view.openDeals.length)
      blocks.push({ type: 'context', text: t(locale, 'account.more_open', { shown: view.openDeals.length, count: view.openCount }) });
  }
  if (view.recentClosed.length > 0) {
    blocks.push({ type: 'text', text: t(locale, 'account.recent_closed') });
    blocks.push({ type: 'items', items: view.recentClosed.map((deal) => dealItem(locale, data.stages, deal)) });
  }
  for (const text of conversionNotes(data.conversion, data.currency, locale)) blocks.push({ type: 'context', text });
  const actions: Action[] = [
    {
      id: 'account.contact',
      label: t(locale, 'account.add_contact'),
      command: accountCommand(account.name, 'contact', 'add'),
      input: { prompt: t(locale, 'account.contact_prompt'), placeholder: t(locale, 'account.contact_placeholder') },
      form: 'account.contact',
    },
  ];
  blocks.push({ type: 'actions', actions });
  return { kind: 'account', title: t(locale, 'account.title', { name: account.name }), blocks };
}

/** `/dealdesk grades`: the rule in its own words, and how to change it. */
export function gradeRuleScreen(
  data: { rule: GradeRule | null; currency: string; canEdit: boolean; notice?: string; changed?: number },
  locale: Locale,
): Screen {
  const blocks: Block[] = [];
  if (data.notice) blocks.push({ type: 'text', text: data.notice, tone: 'success' });
  blocks.push({ type: 'header', text: t(locale, 'grades.title') });
  const { rule } = data;
  if (!rule) blocks.push({ type: 'text', text: t(locale, 'grades.none') });
  else {
    const metric = (m: 'won' | 'open', minor: number) =>
      t(locale, m === 'won' ? 'grades.won_at_least' : 'grades.open_at_least', { amount: money(locale, minor, rule.currency) });
    blocks.push({
      type: 'fields',
      fields: [
        ...rule.tiers.map((tier) => ({
          label: t(locale, 'grades.grade', { grade: tier.grade }),
          value: tier.any.map((threshold) => metric(threshold.metric, threshold.minMinor)).join(t(locale, 'grades.or')),
        })),
        { label: t(locale, 'grades.grade', { grade: 'C' }), value: t(locale, 'grades.otherwise') },
      ],
    });
    if (rule.currency !== data.currency)
      blocks.push({ type: 'text', text: t(locale, 'grades.other_currency', { currency: rule.currency }), tone: 'warning' });
  }
  if (data.changed !== undefined) blocks.push({ type: 'context', text: t(locale, 'grades.regraded', { count: data.changed }) });
  blocks.push({ type: 'context', text: t(locale, data.canEdit ? 'grades.how_admin' : 'grades.how') });
  return { kind: 'account', title: t(locale, 'grades.title'), blocks };
}

/** New contact, for the account named; field names are the `account` command's schema keys. */
export function accountContactForm(locale: Locale, accountName: string): Form {
  const field = (name: 'name' | 'role' | 'email' | 'phone', required: boolean, placeholder?: string) => ({
    name,
    label: t(locale, `form.account_contact.${name}`),
    kind: 'text' as const,
    required,
    ...(placeholder ? { placeholder } : {}),
  });
  return {
    id: 'account.contact',
    commandId: 'account',
    title: `${t(locale, 'form.account_contact.title')} · ${accountName}`,
    submitLabel: t(locale, 'account.add_contact'),
    hidden: { action: 'contact_add', account: accountName },
    fields: [
      field('name', true, '王伟'),
      field('role', false, 'CFO'),
      field('email', false, 'wang@example.com'),
      field('phone', false, '+86 138 0000 0000'),
    ],
  };
}
