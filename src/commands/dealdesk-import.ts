import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import type { AttachedFile, CommandContext } from './context.js';
import { DomainError } from '../domain/errors.js';
import { assertAdmin } from '../domain/authz.js';
import { localTimeParts } from '../domain/calendar.js';
import { decodeCsv } from '../domain/import/decode.js';
import { parsePresetName } from '../domain/import/presets.js';
import { checkImport, createImportJob, findImportJob, loadImportWorld, moveImportJob } from '../store/imports.js';
import { importCheckScreen } from '../views/screens/import.js';
import { messageScreen } from '../views/screens/message.js';
import { count } from '../views/format.js';
import { keyOf, t, type KeySuffix } from '../i18n/index.js';

export const ZImportSchema = z.object({
  action: z.enum(['check', 'run', 'cancel']).default('check'),
  id: z.string().trim().optional(),
  path: z.string().trim().optional(),
  preset: z.string().trim().optional(),
});
type ImportInput = z.infer<typeof ZImportSchema>;

/** `import [<path…>] [preset <name>]`, `import run <id>`, `import cancel <id>`. */
export function parseImport(args: readonly string[]): unknown {
  const [first, ...rest] = args;
  const action = first?.toLowerCase();
  if (action === 'run' || action === 'cancel') return { action, id: rest[0] };
  const words = [...args];
  const presetAt = words.findIndex((word) => ['preset', '格式'].includes(word.toLowerCase()));
  const preset = presetAt >= 0 ? words[presetAt + 1] : undefined;
  const pathWords = presetAt >= 0 ? words.slice(0, presetAt) : words;
  return { ...(pathWords.length > 0 ? { path: pathWords.join(' ') } : {}), ...(preset !== undefined ? { preset } : {}) };
}

function adminOnly(ctx: CommandContext): void {
  try {
    assertAdmin(ctx.actor);
  } catch {
    throw new DomainError('import.admin_only', {});
  }
}

async function fileOf(input: ImportInput, ctx: CommandContext): Promise<AttachedFile | undefined> {
  const attached = ctx.attachedFiles ? await ctx.attachedFiles() : [];
  if (attached[0]) return attached[0];
  if (input.path !== undefined && ctx.readPath) return ctx.readPath(input.path);
  return undefined;
}

/** Without a file: how to send one on this surface. */
function howToSend(ctx: CommandContext): CommandResult {
  const locale = ctx.actor.locale;
  if (ctx.platform === 'slack')
    return {
      screen: messageScreen(t(locale, 'import.send_slack'), {
        actions: [{ id: 'import.upload', label: t(locale, 'import.upload_button'), command: 'dealdesk import', form: 'import.upload' }],
      }),
    };
  return { screen: messageScreen(t(locale, ctx.platform === 'teams' ? 'import.send_teams' : 'import.send_shell')) };
}

async function runCheck(input: ImportInput, ctx: CommandContext): Promise<CommandResult> {
  const preset = input.preset === undefined ? undefined : parsePresetName(input.preset);
  if (input.preset !== undefined && preset === undefined) throw new DomainError('import.preset_unknown', { input: input.preset });
  const file = await fileOf(input, ctx);
  if (!file) return howToSend(ctx);
  const content = decodeCsv(file.content);
  const world = await loadImportWorld(ctx.db, ctx.workspace);
  const today = localTimeParts(ctx.now, ctx.workspace.timeZone).date;
  const checked = await checkImport(ctx.db, world, content, { today, ...(preset ? { preset } : {}) });
  const job = await createImportJob(ctx.db, {
    workspaceId: ctx.workspace.id,
    requestedById: ctx.actor.id,
    fileName: file.name,
    content,
    checked,
    now: ctx.now,
  });
  return { screen: importCheckScreen(job, checked.report, ctx.actor.locale) };
}

function statusWord(ctx: CommandContext, status: string): string {
  const known = ['checked', 'queued', 'running', 'done', 'failed', 'cancelled'];
  return known.includes(status) ? t(ctx.actor.locale, keyOf('import.status', status as KeySuffix<'import.status'>)) : status;
}

async function runOrCancel(input: ImportInput, ctx: CommandContext): Promise<CommandResult> {
  const locale = ctx.actor.locale;
  const id = input.id;
  if (id === undefined || id === '') throw new DomainError('import.id_missing', { action: input.action });
  const job = await findImportJob(ctx.db, ctx.workspace.id, id);
  if (!job) throw new DomainError('import.not_found', { id });
  if (input.action === 'cancel') {
    if (!(await moveImportJob(ctx.db, ctx.workspace.id, id, ['checked', 'queued'], 'cancelled', ctx.now)))
      throw new DomainError('import.not_cancellable', { id, status: statusWord(ctx, job.status) });
    return { screen: messageScreen(t(locale, 'import.cancelled', { id }), { tone: 'success' }) };
  }
  if (job.report && job.report.bad.length > 0) throw new DomainError('import.not_checked', { id, status: statusWord(ctx, job.status) });
  if (!(await moveImportJob(ctx.db, ctx.workspace.id, id, ['checked'], 'queued', ctx.now))) {
    // A double press: the first queued it; say so, and queue nothing more.
    if (['queued', 'running', 'done'].includes(job.status))
      return { screen: messageScreen(t(locale, 'import.already_queued', { id, status: statusWord(ctx, job.status) })) };
    throw new DomainError('import.not_checked', { id, status: statusWord(ctx, job.status) });
  }
  const rows = job.report ? job.report.counts.create + job.report.counts.update : job.totalRows;
  return {
    screen: messageScreen(t(locale, 'import.queued', { count: count(locale, rows), file: job.fileName }), { tone: 'info' }),
    effects: [{ type: 'import_queued', importId: id }],
  };
}

/**
 * `dealdesk import` (admins): a dry run of the attached file (or, in the shell, the file at a path),
 * then `dealdesk import run <id>` queues it for the background runner, `… cancel <id>` drops it.
 */
export const dealdeskImport = defineCommand({
  id: 'dealdesk.import',
  path: ['dealdesk', 'import'],
  usage: 'usage.dealdesk.import',
  summary: 'summary.dealdesk.import',
  schema: ZImportSchema,
  parse: parseImport,
  async run(input, ctx): Promise<CommandResult> {
    adminOnly(ctx);
    return input.action === 'check' ? runCheck(input, ctx) : runOrCancel(input, ctx);
  },
});
