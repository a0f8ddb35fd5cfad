import type { TeamsActivity } from './context.js';
import { lookupWord } from '../../domain/text-match.js';

const ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** A numeric entity's character; NUL and numbers past Unicode (String.fromCodePoint would throw) stay as typed. */
function codePoint(value: number, whole: string): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : whole;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return codePoint(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return codePoint(Number.parseInt(name.slice(1), 10), whole);
    return lookupWord(ENTITIES, name.toLowerCase()) ?? whole;
  });
}

/**
 * The command a message carries, in the words a Slack user would type: the bot's @mention removed,
 * other people's mentions turned into `@Name` (one argument, quoted), Teams' HTML flattened, and the
 * leading `/` dropped (`/deal new …` and `deal new …` mean the same).
 */
export function commandLine(activity: Partial<TeamsActivity>): string {
  let text = withoutMentionOf(activity, activity.recipient?.id);
  text = text
    .replace(/<at>([^<]*)<\/at>/gi, (_whole, name: string) => ` "@${decodeEntities(name).trim()}" `)
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, ' ')
    .replace(/<[^>]+>/g, '');
  text = decodeEntities(text)
    .replace(/[\u00a0\u200b]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.replace(/^\/+/, '').trim();
}

/** The text without the `<at>…</at>` of each mention of `id` (the bot), as Teams wrote them. */
function withoutMentionOf(activity: Partial<TeamsActivity>, id: string | undefined): string {
  let text = activity.text ?? '';
  if (!id) return text;
  for (const entity of activity.entities ?? []) {
    const mentioned: unknown = entity['mentioned'];
    const mentionedId = typeof mentioned === 'object' && mentioned !== null ? (mentioned as { id?: unknown }).id : undefined;
    const tag = entity['text'];
    if (entity.type === 'mention' && mentionedId === id && typeof tag === 'string' && tag !== '') text = text.split(tag).join('');
  }
  return text.trim();
}

/**
 * A Teams message's body as a person reads it (for a note): `<at>Name</at>` as `@Name`, line breaks,
 * paragraphs and list items kept as lines, every other tag dropped and entities decoded.
 */
export function plainMessageText(content: string, contentType: string | undefined): string {
  if (contentType !== undefined && contentType.toLowerCase() === 'text') return content.trim();
  const text = content
    .replace(/<at\b[^>]*>([^<]*)<\/at>/gi, (_whole, name: string) => `@${name.trim()}`)
    .replace(/<br\s*\/?>|<\/p>|<\/div>|<\/li>|<\/h\d>|<\/tr>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '- ')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .replace(/[\u00a0\u200b]/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .trim();
}
