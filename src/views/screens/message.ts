import type { Action, Item, Screen, Tone } from '../screen.js';

/** A short answer: a confirmation, a notice, or an error sentence with what to type instead. */
export function messageScreen(text: string, options: { tone?: Tone; title?: string; hint?: string; actions?: Action[] } = {}): Screen {
  const tone = options.tone ?? 'info';
  return {
    kind: tone === 'error' ? 'error' : 'message',
    title: options.title ?? text,
    tone,
    blocks: [
      { type: 'text', text, tone },
      ...(options.hint ? [{ type: 'context' as const, text: options.hint }] : []),
      ...(options.actions && options.actions.length > 0 ? [{ type: 'actions' as const, actions: options.actions }] : []),
    ],
  };
}

/** "Which one did you mean?" Each item's button runs the original command with the choice filled in. */
export function pickListScreen(question: string, items: Item[]): Screen {
  return {
    kind: 'pick_list',
    title: question,
    tone: 'warning',
    blocks: [
      { type: 'text', text: question, tone: 'warning' },
      { type: 'items', items },
    ],
  };
}
