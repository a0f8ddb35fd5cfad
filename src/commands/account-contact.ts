/**
 * `/account <name> contact add <name> [role …] [email …] [phone …]` and `… contact remove <name>`: the
 * words after `contact`, the contact's fields checked, and who may change an account's contacts.
 */
import { z } from 'zod';
import type { CommandContext } from './context.js';
import { DomainError } from '../domain/errors.js';
import { canEditDeal } from '../domain/authz.js';
import { lookupWord, normalizeKey } from '../domain/text-match.js';
import { accountDealOwners } from '../store/accounts.js';

const VERB_WORDS: Readonly<Record<string, 'contact_add' | 'contact_remove'>> = {
  add: 'contact_add',
  new: 'contact_add',
  添加: 'contact_add',
  新增: 'contact_add',
  remove: 'contact_remove',
  delete: 'contact_remove',
  rm: 'contact_remove',
  删除: 'contact_remove',
};

const FIELD_WORDS: Readonly<Record<string, 'role' | 'email' | 'phone'>> = {
  role: 'role',
  title: 'role',
  职位: 'role',
  角色: 'role',
  email: 'email',
  'e-mail': 'email',
  mail: 'email',
  邮箱: 'email',
  phone: 'phone',
  tel: 'phone',
  mobile: 'phone',
  电话: 'phone',
  手机: 'phone',
};

// Deliberately plain: one @, a dot in the domain, no spaces. Mail servers decide the rest.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s().-]+$/;

function isPhone(text: string): boolean {
  const digits = text.replace(/\D/g, '').length;
  return PHONE.test(text) && digits >= 6 && digits <= 15;
}

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

export const ZContactFields = {
  name: z
    .string({ required_error: 'account.contact_name_missing' })
    .trim()
    .min(1, 'account.contact_name_missing')
    .max(100, 'account.contact_name_too_long'),
  role: optional(z.string().trim().max(100, 'account.role_too_long')),
  email: optional(z.string().trim().max(254, 'account.email_invalid').regex(EMAIL, 'account.email_invalid')),
  phone: optional(z.string().trim().max(40, 'account.phone_invalid').refine(isPhone, 'account.phone_invalid')),
};

/** The words after `contact`: `add <name> [role …] [email …] [phone …]` or `remove <name>`. */
export function parseContactWords(words: readonly string[]): Record<string, unknown> {
  const [verbWord, ...rest] = words;
  const action = verbWord === undefined ? undefined : lookupWord(VERB_WORDS, normalizeKey(verbWord));
  if (action === undefined) throw new DomainError('account.contact_syntax', {});
  if (action === 'contact_remove') return { action, name: rest.join(' ') };
  const values: Record<string, string[]> = { name: [] };
  let field = 'name';
  for (const word of rest) {
    const named = lookupWord(FIELD_WORDS, normalizeKey(word));
    if (named === undefined) {
      values[field]?.push(word);
      continue;
    }
    if (values[named] !== undefined) throw new DomainError('account.field_repeated', { word });
    field = named;
    values[named] = [];
  }
  return { action, ...Object.fromEntries(Object.entries(values).map(([key, parts]) => [key, parts.join(' ')])) };
}

/** Whoever owns a deal of the account may change its contacts, as may their managers (as for the deal) and admins. */
export async function assertMayEditContacts(ctx: CommandContext, account: { id: string; name: string }, command: string): Promise<void> {
  if (ctx.actor.role === 'admin') return;
  const owners = await accountDealOwners(ctx.db, ctx.workspace.id, account.id);
  if (owners.some((owner) => canEditDeal(ctx.actor, owner))) return;
  throw new DomainError('account.contact_forbidden', { account: account.name, command });
}
