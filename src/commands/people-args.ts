import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import type { MemberSummary } from '../store/members.js';
import { findMember } from './scope.js';

/** Words for "nobody" / "no team", in either language. */
const NONE_WORDS = new Set(['none', 'no', 'nobody', 'noone', '-', '无', '没有', '不']);

export function isNone(word: string): boolean {
  return NONE_WORDS.has(normalizeKey(word));
}

export function isHandle(word: string): boolean {
  return word.startsWith('@') && word.length > 1;
}

/**
 * `<team words…> @a @b`: the words before the first handle, and every handle after. A plain word among
 * the handles is refused, so a typo never becomes part of a team's name.
 */
export function wordsThenHandles(args: readonly string[], field: string): { words: string[]; handles: string[] } {
  const first = args.findIndex(isHandle);
  if (first < 0) return { words: [...args], handles: [] };
  const handles = args.slice(first);
  const stray = handles.find((word) => !isHandle(word));
  if (stray !== undefined) throw new DomainError('people.handle_expected', { input: stray, field });
  return { words: args.slice(0, first), handles };
}

/**
 * Splits `args` at the first of `keywords` (any case): the words before, the keyword's value after
 * (up to the next keyword). Returns each keyword's words by its canonical name.
 */
export function keywordParts<K extends string>(
  args: readonly string[],
  keywords: Readonly<Record<string, K>>,
): { head: string[]; parts: Partial<Record<K, string[]>> } {
  const head: string[] = [];
  const parts: Partial<Record<K, string[]>> = {};
  let current: string[] = head;
  for (const word of args) {
    const key = keywords[normalizeKey(word)];
    if (key !== undefined && parts[key] === undefined) {
      current = [];
      parts[key] = current;
    } else {
      current.push(word);
    }
  }
  return { head, parts };
}

/** A member by handle or name, active or not, keeping the caller's richer record type. */
export function findPerson<T extends MemberSummary>(people: readonly T[], typed: string): T {
  const found = findMember(people, typed);
  const person = people.find((p) => p.id === found.id);
  if (!person) throw new DomainError('member.unknown', { name: typed });
  return person;
}
