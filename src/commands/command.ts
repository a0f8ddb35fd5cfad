import { z } from 'zod';
import type { CommandContext } from './context.js';
import type { Screen } from '../views/screen.js';
import type { MessageKey } from '../i18n/index.js';
import { DomainError } from '../domain/errors.js';

/** Something a platform may want to do besides showing the screen (announce a win, refresh a posted card). */
export type Effect =
  | { type: 'deal_changed'; dealId: string; number: number }
  | { type: 'deal_won'; dealId: string; number: number }
  /** Someone must now decide: `notify` are the member ids of the current step. */
  | { type: 'approval_requested'; requestId: string; notify: string[] }
  /** A request changed state (decided, next step, cancelled): refresh its cards; tell `notify`. */
  | { type: 'approval_changed'; requestId: string; notify: string[] }
  /** A file for the person: uploaded to the conversation on Slack and Teams, written to disk by the shell. */
  | { type: 'file'; name: string; mimeType: string; content: Uint8Array }
  /** A confirmed import now waits in the background queue: the surface shows its progress as it runs. */
  | { type: 'import_queued'; importId: string };

/** A refused command: the sentence shown, and the form field to attach it to when there is one. */
export type CommandFailure = { code: string; field?: string; message: string };

export type CommandResult = {
  screen: Screen;
  effects?: Effect[];
  error?: CommandFailure;
  /**
   * The unexpected error behind an "internal error" screen (a database that stopped answering, a bug).
   * A surface that can try again (a durable chat request) throws it, so the work is rolled back and redone.
   */
  internal?: unknown;
};

export type CommandSpec<Input> = {
  /** Stable id, e.g. `deal.new`; also the form id for commands that have one. */
  id: string;
  /** Words that select the command, e.g. ['deal', 'new']. */
  path: readonly string[];
  usage: MessageKey;
  summary: MessageKey;
  /** Validates the raw input, whether it came from typed words or from a form. */
  schema: z.ZodType<Input, z.ZodTypeDef, unknown>;
  /** Turns typed words (after the path) into the raw input the schema checks; may return it as a Promise. */
  parse(args: readonly string[], ctx: CommandContext): unknown;
  run(input: Input, ctx: CommandContext): Promise<CommandResult>;
};

/** A command with its input type erased, so commands of different inputs share one registry. */
export type Command = {
  id: string;
  path: readonly string[];
  usage: MessageKey;
  summary: MessageKey;
  /** The raw input, or a Promise of it. */
  parse(args: readonly string[], ctx: CommandContext): unknown;
  invoke(raw: unknown, ctx: CommandContext): Promise<CommandResult>;
};

export function defineCommand<Input>(spec: CommandSpec<Input>): Command {
  return {
    id: spec.id,
    path: spec.path,
    usage: spec.usage,
    summary: spec.summary,
    parse: (args, ctx) => spec.parse(args, ctx),
    async invoke(raw, ctx) {
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) throw fromZodIssue(parsed.error.issues[0]);
      return spec.run(parsed.data, ctx);
    },
  };
}

/** Schemas carry catalogue keys as messages; the first issue becomes a coded error naming its field. */
function fromZodIssue(issue: z.ZodIssue | undefined): DomainError {
  if (!issue) return new DomainError('command.invalid', {});
  const field = issue.path.join('.');
  const data: Record<string, string | number> = { field };
  if (issue.code === 'too_big') data.max = Number(issue.maximum);
  if (issue.code === 'too_small') data.min = Number(issue.minimum);
  const code = /^[a-z_]+(\.[a-z_]+)+$/.test(issue.message) ? issue.message : 'command.invalid';
  return new DomainError(code, data);
}

/** Runs a parser for one field, so its error says which form field to fix. */
export function forField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof DomainError && error.data.field === undefined) throw new DomainError(error.code, { ...error.data, field });
    throw error;
  }
}
