import { TurnContext, type Activity } from 'botbuilder';
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
export function commandLine(activity: Partial<Activity>): string {
  let text = activity.text ?? '';
  // removeMentionText returns the activity's own text, so it is only asked when there is one.
  if (activity.text !== undefined && activity.recipient?.id) text = TurnContext.removeMentionText(activity, activity.recipient.id);
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
