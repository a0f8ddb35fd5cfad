/**
 * `/account <name>` (客户): an account's grade, region, channel, contacts, open and recently closed deals,
 * lifetime won, last activity and satisfaction; with `contact add|remove …` its contacts change (owners of
 * its deals, their managers, admins), with `grade A|B|C|auto` its grade is set by hand or handed back to
 * the rule (managers and admins). The name is matched as deals' accounts are: the exact name, else a
 * unique part of one, else a pick list; nothing close gives "did you mean".
 */
import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { CommandContext } from './context.js';
import { joinTokens } from './tokenize.js';
import { reportingRates } from './reports.js';
import { assertMayEditContacts, parseContactWords, ZContactFields } from './account-contact.js';
import { DomainError } from '../domain/errors.js';
import { closestMatches, lookupWord, normalizeKey } from '../domain/text-match.js';
import { mergeConversions } from '../domain/exchange.js';
import {
  accountNames,
  accountsContaining,
  accountTotals,
  addContact,
  findAccountByName,
  gradeRuleOf,
  loadAccountView,
  removeContact,
  setAccountGrade,
  type AccountRecord,
} from '../store/accounts.js';
import { accountContactForm, accountScreen } from '../views/screens/account.js';
import type { Form } from '../views/screen.js';
import { pickListScreen } from '../views/screens/message.js';
import { t } from '../i18n/index.js';

const PICK_LIMIT = 8;
const CONTACT_WORDS = new Set(['contact', 'contacts', '联系人']);
const GRADE_WORDS = new Set(['grade', '等级', '评级']);
const GRADE_VALUES: Readonly<Record<string, 'A' | 'B' | 'C' | 'auto'>> = {
  a: 'A',
  b: 'B',
  c: 'C',
  auto: 'auto',
  rule: 'auto',
  自动: 'auto',
};

const accountName = z
  .string({ required_error: 'account.name_missing' })
  .trim()
  .min(1, 'account.name_missing')
  .max(200, 'account.name_too_long');
/** The words typed after the account's name, so a pick list can repeat the command with the chosen account. */
const tail = z.array(z.string()).default([]);

export const ZAccountSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('show'), account: accountName, tail }),
  z.object({ action: z.literal('contact_add'), account: accountName, tail, ...ZContactFields }),
  z.object({ action: z.literal('contact_remove'), account: accountName, tail, name: ZContactFields.name }),
  z.object({
    action: z.literal('grade'),
    account: accountName,
    tail,
    grade: z.enum(['A', 'B', 'C', 'auto'], { message: 'account.grade_invalid' }),
  }),
]);
export type AccountInput = z.infer<typeof ZAccountSchema>;

/** The account's name is every word before `contact` or `grade` (quote a name that contains one). */
function parseAccount(args: readonly string[]): unknown {
  if (args.length === 0) return { action: 'show' };
  const at = args.findIndex((word, i) => i > 0 && (CONTACT_WORDS.has(normalizeKey(word)) || GRADE_WORDS.has(normalizeKey(word))));
  if (at === -1) return { action: 'show', account: args.join(' ') };
  const name = args.slice(0, at).join(' ');
  const rest = args.slice(at + 1);
  const tailWords = args.slice(at);
  if (GRADE_WORDS.has(normalizeKey(args[at] ?? ''))) {
    const word = normalizeKey(rest.join(' '));
    return { action: 'grade', account: name, tail: tailWords, grade: lookupWord(GRADE_VALUES, word) ?? word };
  }
  return { account: name, tail: tailWords, ...parseContactWords(rest) };
}

/** The exact account, else the one whose name contains the words; several give a pick list, none "did you mean". */
async function findAccount(ctx: CommandContext, name: string): Promise<AccountRecord | AccountRecord[]> {
  const exact = await findAccountByName(ctx.db, ctx.workspace.id, name);
  if (exact) return exact;
  const matches = await accountsContaining(ctx.db, ctx.workspace.id, name, PICK_LIMIT + 1);
  const [only] = matches;
  if (only && matches.length === 1) return only;
  if (matches.length > 1) return matches.slice(0, PICK_LIMIT);
  const near = closestMatches(name, await accountNames(ctx.db, ctx.workspace.id), (candidate) => [candidate], 3);
  throw new DomainError('account.not_found', { name, suggestions: near.map((candidate) => `/${joinTokens(['account', candidate])}`) });
}

function pickAccount(ctx: CommandContext, name: string, candidates: readonly AccountRecord[], words: readonly string[]): CommandResult {
  const locale = ctx.actor.locale;
  return {
    screen: pickListScreen(
      t(locale, 'account.pick', { name, count: candidates.length }),
      candidates.map((candidate) => ({
        title: candidate.name,
        detail: t(locale, 'account.grade') + ` ${candidate.grade}`,
        action: { id: 'pick', label: t(locale, 'action.choose'), command: joinTokens(['account', candidate.name, ...words]) },
      })),
    ),
  };
}

async function showAccount(ctx: CommandContext, record: AccountRecord, notice?: string): Promise<CommandResult> {
  const rates = reportingRates(ctx);
  const [view, rule] = await Promise.all([
    loadAccountView(ctx.db, ctx.workspace.id, record, ctx.workspace.stages, rates.currency),
    gradeRuleOf(ctx.db, ctx.workspace.id),
  ]);
  const { totals, conversion } = accountTotals(view.sums, rates.rates, rates.currency, rates.today);
  const total = totals.get(record.id) ?? { wonMinor: 0, openMinor: 0 };
  return {
    screen: accountScreen(
      {
        view,
        stages: ctx.workspace.stages,
        currency: rates.currency,
        wonMinor: total.wonMinor,
        openMinor: total.openMinor,
        conversion: mergeConversions([conversion.won, conversion.open]),
        ruled: rule !== null,
        timeZone: ctx.actor.timeZone,
        ...(notice ? { notice } : {}),
      },
      ctx.actor.locale,
    ),
  };
}

async function runAccount(input: AccountInput, ctx: CommandContext): Promise<CommandResult> {
  const found = await findAccount(ctx, input.account);
  if (Array.isArray(found)) return pickAccount(ctx, input.account, found, input.tail);
  const locale = ctx.actor.locale;
  const named = joinTokens([found.name]);
  switch (input.action) {
    case 'show':
      return showAccount(ctx, found);
    case 'contact_add': {
      await assertMayEditContacts(ctx, found, named);
      const added = await addContact(ctx.db, ctx.workspace.id, found.id, {
        name: input.name,
        role: input.role ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
      });
      if (!added) throw new DomainError('account.contact_exists', { account: found.name, name: input.name, command: named });
      return showAccount(ctx, found, t(locale, 'account.contact_added', { name: input.name, account: found.name }));
    }
    case 'contact_remove': {
      await assertMayEditContacts(ctx, found, named);
      if (!(await removeContact(ctx.db, found.id, input.name)))
        throw new DomainError('account.contact_not_found', { account: found.name, name: input.name });
      return showAccount(ctx, found, t(locale, 'account.contact_removed', { name: input.name, account: found.name }));
    }
    case 'grade': {
      if (ctx.actor.role === 'rep') throw new DomainError('account.grade_forbidden', { command: named });
      const manual = input.grade === 'auto' ? null : input.grade;
      const result = await setAccountGrade(ctx.db, {
        workspaceId: ctx.workspace.id,
        account: found,
        grade: manual,
        actorId: ctx.actor.id,
        now: ctx.now,
      });
      const rule = manual === null ? await gradeRuleOf(ctx.db, ctx.workspace.id) : null;
      const notice =
        manual !== null
          ? t(locale, 'account.grade_set', { account: found.name, grade: result.grade, command: named })
          : t(locale, rule ? 'account.grade_auto' : 'account.grade_auto_no_rule', { account: found.name, grade: result.grade });
      return showAccount(ctx, { ...found, grade: result.grade, gradeManual: result.manual }, notice);
    }
  }
}

export const account = defineCommand({
  id: 'account',
  path: ['account'],
  usage: 'usage.account',
  summary: 'summary.account',
  schema: ZAccountSchema,
  parse: parseAccount,
  run: runAccount,
});

/** The New contact form a button opens; its command `account <name> contact add` names the account. */
export async function accountContactFormFor(tokens: readonly string[], ctx: CommandContext): Promise<Form> {
  const found = await findAccount(ctx, tokens[1] ?? '');
  if (Array.isArray(found)) throw new DomainError('account.not_found', { name: tokens[1] ?? '' });
  await assertMayEditContacts(ctx, found, joinTokens([found.name]));
  return accountContactForm(ctx.actor.locale, found.name);
}
