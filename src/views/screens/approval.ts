import type { Action, Block, Field, Item, Screen } from '../screen.js';
import type { DiscountRequestRecord } from '../../store/discounts.js';
import type { DealRecord } from '../../store/deals.js';
import { dealRef } from '../../domain/deal.js';
import { t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { dateTime, money, percent, stageLabel, storedWord } from '../format.js';
import type { StageDef } from '../../domain/stages.js';

/** A discount request's `status` column. */
const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'cancelled', 'auto_approved'] as const;

function statusWord(locale: Locale, status: string): string {
  return storedWord(locale, 'approval.status', APPROVAL_STATUSES, status);
}

export type ApprovalViewer = 'approver' | 'requester' | 'other';

export type ApprovalCardData = {
  request: DiscountRequestRecord;
  deal: DealRecord;
  stages: readonly StageDef[];
  history: readonly DiscountRequestRecord[];
  /** Names of everyone in the route, by member id. */
  names: ReadonlyMap<string, string>;
  viewer: ApprovalViewer;
  timeZone: string;
  notice?: string;
};

/**
 * The command a button on a request runs. It names the request, and a decision also names the step and
 * the request version the card was drawn for, so a card that has been overtaken (a double click, an
 * escalation, another approver first) never decides a later step.
 */
export function requestCommand(
  verb: 'approve' | 'reject' | 'cancel',
  request: Pick<DiscountRequestRecord, 'id' | 'dealNumber' | 'step' | 'version'>,
): string {
  const ref = dealRef(request.dealNumber);
  return verb === 'cancel'
    ? `deal discount ${ref} cancel req:${request.id}`
    : `deal ${verb} ${ref} req:${request.id} step:${request.step + 1} v:${request.version}`;
}

export function approvalCardScreen(data: ApprovalCardData, locale: Locale): Screen {
  const { request, deal } = data;
  const cash = (minor: number) => money(locale, minor, request.currency);
  const title = t(locale, 'approval.title', { ref: dealRef(deal.number), account: deal.accountName });
  const blocks: Block[] = [];
  if (data.notice) blocks.push({ type: 'text', text: data.notice, tone: 'success' });
  blocks.push({ type: 'header', text: title }, { type: 'text', ...statusLine(data, locale) });
  const fields: Field[] = [
    { label: t(locale, 'field.account'), value: t(locale, 'deal.account_grade', { account: deal.accountName, grade: deal.accountGrade }) },
    { label: t(locale, 'approval.requested_by'), value: request.requesterName },
    { label: t(locale, 'approval.list_amount'), value: cash(request.listAmountMinor) },
    { label: t(locale, 'approval.discount'), value: percent(locale, request.discountBps / 100) },
    { label: t(locale, 'approval.net_amount'), value: cash(request.netAmountMinor) },
    { label: t(locale, 'field.stage'), value: stageLabel(locale, data.stages, deal.stage) },
    { label: t(locale, 'approval.reason'), value: request.reason },
  ];
  blocks.push({ type: 'fields', fields });
  const listNow = deal.listAmountMinor ?? deal.amountMinor;
  if (request.status === 'pending' && (deal.currency !== request.currency || listNow !== request.listAmountMinor)) {
    blocks.push({
      type: 'text',
      tone: 'warning',
      text: t(locale, 'approval.amount_changed', {
        now: money(locale, deal.amountMinor, deal.currency),
        then: cash(request.listAmountMinor),
      }),
    });
  }
  if (request.decisions.length > 0) {
    blocks.push({
      type: 'items',
      items: request.decisions.map<Item>((d) => ({
        title: t(locale, d.decision === 'approved' ? 'approval.step_approved' : 'approval.step_rejected', {
          // No name when the approver is not the workspace's (read within it): said so, not left blank.
          name: d.approverName || t(locale, 'people.outside_workspace'),
          step: d.step + 1,
        }),
        detail: [dateTime(locale, d.at, data.timeZone), d.reason ?? ''].filter(Boolean).join(' · '),
      })),
    });
  }
  const earlier = data.history.filter((h) => h.id !== request.id).slice(0, 5);
  blocks.push({
    type: 'context',
    text:
      earlier.length === 0
        ? t(locale, 'approval.history_none', { name: request.requesterName })
        : t(locale, 'approval.history', {
            name: request.requesterName,
            items: earlier.map((h) => `${dealRef(h.dealNumber)} ${percent(locale, h.discountBps / 100)} ${statusWord(locale, h.status)}`),
          }),
  });
  const actions = approvalActions(data, locale);
  if (actions.length > 0) blocks.push({ type: 'actions', actions });
  return { kind: 'approval', title, blocks, subject: { type: 'approval', id: request.id, dealNumber: deal.number } };
}

/** Where a request stands, in one sentence: who it waits for, or who decided it and when. */
export function approvalStateText(data: Pick<ApprovalCardData, 'request' | 'names' | 'timeZone'>, locale: Locale): string {
  return statusLine(data, locale).text;
}

function statusLine(
  data: Pick<ApprovalCardData, 'request' | 'names' | 'timeZone'>,
  locale: Locale,
): { text: string; tone: 'info' | 'success' | 'warning' | 'error' } {
  const { request } = data;
  const decided = request.decisions.at(-1);
  switch (request.status) {
    case 'pending': {
      const step = request.route[request.step];
      const names = (step?.memberIds ?? []).map((id) => data.names.get(id) ?? id);
      if (names.length === 0)
        return { tone: 'warning', text: t(locale, 'approval.waiting_nobody', { step: request.step + 1, steps: request.route.length }) };
      return { tone: 'warning', text: t(locale, 'approval.waiting', { names, step: request.step + 1, steps: request.route.length }) };
    }
    case 'approved':
      return {
        tone: 'success',
        text: t(locale, 'approval.approved', {
          name: decided?.approverName ?? '',
          at: decided ? dateTime(locale, decided.at, data.timeZone) : '',
        }),
      };
    case 'rejected':
      return {
        tone: 'error',
        text: t(locale, 'approval.rejected', {
          name: decided?.approverName ?? '',
          at: decided ? dateTime(locale, decided.at, data.timeZone) : '',
          reason: decided?.reason ?? '',
        }),
      };
    case 'cancelled':
      return { tone: 'info', text: t(locale, 'approval.cancelled', { name: request.requesterName }) };
    default:
      return { tone: 'success', text: t(locale, 'approval.auto_approved') };
  }
}

function approvalActions(data: ApprovalCardData, locale: Locale): Action[] {
  const { request } = data;
  if (request.status !== 'pending') return [];
  if (data.viewer === 'requester')
    return [{ id: 'discount.cancel', label: t(locale, 'action.cancel_request'), command: requestCommand('cancel', request) }];
  if (data.viewer !== 'approver') return [];
  return [
    { id: 'discount.approve', label: t(locale, 'action.approve'), style: 'primary', command: requestCommand('approve', request) },
    {
      id: 'discount.reject',
      label: t(locale, 'action.reject'),
      style: 'danger',
      command: requestCommand('reject', request),
      input: { prompt: t(locale, 'prompt.reject_reason') },
      form: 'discount.reject',
    },
  ];
}

export type ApprovalListData = { waiting: readonly DiscountRequestRecord[]; mine: readonly DiscountRequestRecord[] };

/** `/deal approvals`: what waits for me, and what I asked for. */
export function approvalListScreen(data: ApprovalListData, locale: Locale): Screen {
  const title = t(locale, 'approvals.title');
  const line = (r: DiscountRequestRecord, action?: Action): Item => ({
    title: `${dealRef(r.dealNumber)} · ${percent(locale, r.discountBps / 100)} · ${money(locale, r.netAmountMinor, r.currency)}`,
    detail: `${r.requesterName} · ${statusWord(locale, r.status)} · ${r.reason}`,
    ...(action ? { action } : {}),
  });
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'text', text: t(locale, 'approvals.waiting', { count: data.waiting.length }) },
  ];
  if (data.waiting.length > 0)
    blocks.push({
      type: 'items',
      items: data.waiting.map((r) =>
        line(r, { id: 'discount.show', label: t(locale, 'action.open'), command: `deal discount ${dealRef(r.dealNumber)}` }),
      ),
    });
  blocks.push({ type: 'text', text: t(locale, 'approvals.mine', { count: data.mine.length }) });
  if (data.mine.length > 0) blocks.push({ type: 'items', items: data.mine.map((r) => line(r)) });
  return { kind: 'approval_list', title, blocks };
}
