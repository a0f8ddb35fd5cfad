import { z } from 'zod';
import { defineCommand } from './command.js';
import { DomainError } from '../domain/errors.js';
import { assertPeopleAdmin } from '../domain/authz.js';
import { normalizeKey } from '../domain/text-match.js';
import { renameWorkspace } from '../store/org.js';
import { messageScreen } from '../views/screens/message.js';
import { t } from '../i18n/index.js';

const NAME_WORDS = new Set(['name', 'rename', '名称', '名字']);

export const ZWorkspaceSchema = z.object({
  name: z.string({ required_error: 'workspace.name_missing' }).trim().min(1, 'workspace.name_missing').max(80, 'workspace.name_too_long'),
});

export function parseWorkspace(args: readonly string[]): unknown {
  const [word, ...rest] = args;
  if (word === undefined || !NAME_WORDS.has(normalizeKey(word))) throw new DomainError('workspace.name_missing', { field: 'name' });
  return rest.length > 0 ? { name: rest.join(' ') } : {};
}

/** `/dealdesk workspace name <text…>`: the name every header shows (admins). */
export const dealdeskWorkspace = defineCommand({
  id: 'dealdesk.workspace',
  path: ['dealdesk', 'workspace'],
  usage: 'usage.dealdesk.workspace',
  summary: 'summary.dealdesk.workspace',
  schema: ZWorkspaceSchema,
  parse: parseWorkspace,
  async run(input, ctx) {
    assertPeopleAdmin(ctx.actor);
    if (input.name === ctx.workspace.name) throw new DomainError('people.unchanged', { field: 'name' });
    await renameWorkspace(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.actor.id, now: ctx.now }, input.name);
    return {
      screen: messageScreen(t(ctx.actor.locale, 'workspace.renamed', { from: ctx.workspace.name, name: input.name }), { tone: 'success' }),
    };
  },
});
