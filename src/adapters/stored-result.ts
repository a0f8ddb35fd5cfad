/**
 * A command's result as saved with its work (store/requests.ts `reply`), so that an answer interrupted
 * by a crash is delivered later by another process exactly as it would have been. Screens are plain
 * data already; a file effect's bytes travel as base64.
 */
import type { CommandResult, Effect } from '../commands/command.js';

type StoredEffect = Exclude<Effect, { type: 'file' }> | { type: 'file'; name: string; mimeType: string; base64: string };

export type StoredResult = Omit<CommandResult, 'effects'> & { effects?: StoredEffect[] };

export function storeResult(result: CommandResult): StoredResult {
  const { effects, ...rest } = result;
  if (!effects) return rest;
  return {
    ...rest,
    effects: effects.map((effect) =>
      effect.type === 'file'
        ? { type: 'file', name: effect.name, mimeType: effect.mimeType, base64: Buffer.from(effect.content).toString('base64') }
        : effect,
    ),
  };
}

export function restoreResult(stored: StoredResult): CommandResult {
  const { effects, ...rest } = stored;
  if (!effects) return rest;
  return {
    ...rest,
    effects: effects.map((effect) =>
      effect.type === 'file'
        ? { type: 'file', name: effect.name, mimeType: effect.mimeType, content: new Uint8Array(Buffer.from(effect.base64, 'base64')) }
        : effect,
    ),
  };
}
