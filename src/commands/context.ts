import type { Db } from '../store/db.js';
import type { DateContext } from '../domain/calendar.js';
import type { ActorContext, WorkspaceContext } from '../domain/workspace-context.js';

export type { ActorContext, WorkspaceContext } from '../domain/workspace-context.js';

/**
 * The surface a command came from (`shell`, `slack`, `teams`, …). Commands treat it as an opaque id,
 * recorded where needed; which platforms exist is the adapters' business.
 */
export type PlatformId = string;

/** A file a person handed over with a command: a Slack upload, a Teams attachment, a path read by the shell. */
export type AttachedFile = { name: string; content: Uint8Array };

/** Everything a use case needs, resolved by the adapter from the platform payload. */
export type CommandContext = {
  db: Db;
  workspace: WorkspaceContext;
  actor: ActorContext;
  now: Date;
  platform: PlatformId;
  /** The chat conversation the command was typed in (a Slack channel, a Teams conversation), when there is one. */
  conversationId?: string;
  /**
   * The delivery target (`<platform>:<channel id>`) of a channel as typed on this surface (`#sales`,
   * `<#C123|sales>`, a conversation id, or an already qualified `slack:C123`), or null when the words
   * name no channel this surface can post to. Given by the adapter; without it only qualified targets
   * the adapter knows are accepted, so a command never parses a platform's channel syntax itself.
   */
  channelTarget?: (typed: string) => string | null;
  /**
   * The files that came with the command (a Slack modal's upload, a Teams message's attachments), read
   * on demand; absent where the surface has none.
   */
  attachedFiles?: () => Promise<AttachedFile[]>;
  /** Reads a file by the path typed (the local shell only, which runs on the user's own machine). */
  readPath?: (path: string) => Promise<AttachedFile>;
};

/** "Today", "this quarter", "fri" are read in the actor's time zone with the workspace's fiscal year. */
export function dateContextOf(ctx: CommandContext): DateContext {
  return { now: ctx.now, timeZone: ctx.actor.timeZone, fiscalYearStartMonth: ctx.workspace.fiscalYearStartMonth };
}
