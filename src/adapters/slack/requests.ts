/**
 * The work of a recorded Slack request (#13), the same whether the process that acknowledged it does it
 * or another replica resumes it: a slash command, a button press, a submitted form. Each payload holds
 * what the work needs and where the answer goes (a `response_url`, valid 30 minutes, or the person's
 * DM), never Slack's verification token. The answer is saved with the work and delivered after the
 * commit; `deliverSlackAnswer` delivers a saved one again when its process died before it could.
 */
import type { webApi } from '@slack/bolt';
import { z } from 'zod';
import { execute } from '../../commands/execute.js';
import { submitForm } from '../../commands/forms.js';
import type { CommandContext } from '../../commands/context.js';
import type { CommandResult } from '../../commands/command.js';
import { markAnswered } from '../../store/requests.js';
import { restoreResult, storeResult, type StoredResult } from '../stored-result.js';
import { doWork, unlessInternal, type RequestWorker } from '../durable-requests.js';
import { slackContext, type SlackDeps } from './context.js';
import { slackMessage } from './render.js';
import { slackAnswer } from './chart-uploads.js';
import { applyEffects, publishHome } from './effects.js';
import { resolveSlackMentions } from './mentions.js';
import { downloadSlackFiles } from './files-in.js';
import { inBothLanguages, t } from '../../i18n/index.js';
import { greetOrExecute } from '../greeting.js';
import { shareAnswer } from '../../commands/share.js';
import { answerScreen, isSharePress, postShare } from './share.js';

type WebClient = webApi.WebClient;

const ZCommand = z.object({
  kind: z.literal('command'),
  teamId: z.string(),
  userId: z.string(),
  channelId: z.string().optional(),
  command: z.string(),
  text: z.string(),
  responseUrl: z.string().url(),
});

const ZPress = z.object({
  kind: z.literal('press'),
  teamId: z.string(),
  userId: z.string(),
  channelId: z.string().optional(),
  command: z.string(),
  responseUrl: z.string().url().optional(),
  /** Pressed on the App Home: the answer opens as a modal (or, resumed after the trigger expired, in the DM). */
  onHome: z.boolean(),
  /** Pressed on a message others see too (a wins announcement, an approval card in a channel). */
  shared: z.boolean(),
  /** The button's action id (`deal.won`, `page.next`, …): whether its answer takes the message's place. */
  actionId: z.string().optional(),
  /** The message DealDesk posted (in a channel or DM) that the button is on: chat.update replaces it. */
  message: z.object({ channel: z.string(), ts: z.string() }).optional(),
});

export const ZFormMeta = z.object({
  c: z.string(),
  h: z.record(z.string()).default({}),
  f: z.array(z.string()).default([]),
  r: z.string().url().optional(),
  x: z.boolean().default(false),
  /** A posted message (channel, ts) the form's answer replaces with chat.update, when `x`. */
  m: z.object({ c: z.string(), t: z.string() }).optional(),
});

const ZForm = z.object({
  kind: z.literal('form'),
  teamId: z.string(),
  userId: z.string(),
  meta: ZFormMeta,
  values: z.record(z.string()),
  files: z.array(z.object({ id: z.string(), field: z.string(), name: z.string(), size: z.number(), url: z.string() })).optional(),
});

/** A message typed in DealDesk's DM (`deal list`, `hello`): answered in that DM. */
const ZMessage = z.object({
  kind: z.literal('message'),
  teamId: z.string(),
  userId: z.string(),
  channelId: z.string(),
  text: z.string(),
});

export const ZSlackRequest = z.discriminatedUnion('kind', [ZCommand, ZPress, ZForm, ZMessage]);
export type SlackRequest = z.infer<typeof ZSlackRequest>;

/** Where a live request can answer at once; a resumed one has none of these. */
export type LiveExtras = { triggerId?: string; botToken?: string };

/**
 * The answer saved with the work, and whether it takes the place of the message its button was on, so
 * a resumed delivery puts it where the live one would have.
 */
export type SavedAnswer = { result: StoredResult; replace?: boolean };

/**
 * Which answers replace the message their button was pressed on (#16):
 * - a refusal never does: it is said beside the message, which stays as it was;
 * - a button that opens a form (Move stage, Log note, Lost…) leaves the message alone until the form is
 *   submitted; the submission's answer then follows the button's rule below;
 * - on a private (ephemeral) answer, every answer replaces it: it was the asker's alone;
 * - on a message DealDesk posted in a channel or a DM (a DM command's answer, a digest, a wins post),
 *   only the buttons that change or page what the message shows replace it, with chat.update: a deal
 *   card's Move/Won/Lost/Note/Update (the refreshed card), More/Next/Previous, and a pick list's Choose.
 *   Others (Open, a report's buttons, a nudge's scores) answer beside it, so a digest keeps its place;
 * - approval cards are redrawn everywhere by their `approval_changed` effect, and a press on the App
 *   Home opens a modal.
 */
const IN_PLACE_ACTIONS: ReadonlySet<string> = new Set([
  'deal.move',
  'deal.won',
  'deal.lost',
  'deal.note',
  'deal.update',
  'page.next',
  'page.previous',
  'pick',
]);

/** Whether the button `actionId` pressed on a posted message (not a private answer) replaces it. */
export function replacesPostedMessage(actionId: string | undefined): boolean {
  return actionId !== undefined && IN_PLACE_ACTIONS.has(actionId);
}

/** Whether a request's answer replaces the message it came from (see IN_PLACE_ACTIONS). */
function replacesOriginal(request: SlackRequest, result: CommandResult): boolean {
  if (result.error) return false;
  if (request.kind === 'form') return request.meta.x;
  if (request.kind !== 'press' || request.onHome) return false;
  return request.shared ? request.message !== undefined && replacesPostedMessage(request.actionId) : true;
}

/**
 * What a queued live request keeps until its turn (#14): Bolt's client for its team (one per team and
 * token, shared by every request of that team) and the extras only the live request has. The request
 * itself is read back from its record.
 */
export type QueuedSlackRequest = LiveExtras & { client: WebClient };

/** Does queued Slack requests (durable-requests.ts enqueue) from their records' payloads. */
export function slackWorker(deps: SlackDeps): RequestWorker<QueuedSlackRequest> {
  return {
    run: (key, payload, live) => runSlackRequest(deps, live.client, key, ZSlackRequest.parse(payload), live),
    giveUp: (payload, live) => tellSlackGaveUp(live.client, ZSlackRequest.parse(payload)),
  };
}

function contextFor(deps: SlackDeps, client: WebClient, request: SlackRequest): Promise<CommandContext> {
  return slackContext(deps, client, {
    teamId: request.teamId,
    userId: request.userId,
    ...('channelId' in request && request.channelId ? { channelId: request.channelId } : {}),
  });
}

/**
 * Does the request's work in one transaction with its record's completion, then answers. Returns
 * false when the work had already been done (by this or another process): nothing is answered twice.
 */
export async function runSlackRequest(
  deps: SlackDeps,
  client: WebClient,
  key: string,
  request: SlackRequest,
  live: LiveExtras = {},
): Promise<boolean> {
  const ctx = await contextFor(deps, client, request);
  let work: (db: CommandContext['db']) => Promise<CommandResult>;
  if (request.kind === 'command') {
    // After the sender is known, so a mention never takes the first-member-is-admin place.
    const text = await resolveSlackMentions(deps, client, { workspaceId: ctx.workspace.id, teamId: request.teamId }, request.text);
    const line = `${request.command.replace(/^\//, '')} ${text}`.trim();
    work = (db) => unlessInternal(execute(line, { ...ctx, db }));
  } else if (isSharePress(request)) {
    // Shared in the channel: its mentions read as @handles, as a typed command's do.
    const line = await resolveSlackMentions(deps, client, { workspaceId: ctx.workspace.id, teamId: request.teamId }, request.command);
    work = (db) => unlessInternal(shareAnswer(line, { ...ctx, db }));
  } else if (request.kind === 'press') {
    work = (db) => unlessInternal(execute(request.command, { ...ctx, db }));
  } else if (request.kind === 'message') {
    const text = await resolveSlackMentions(deps, client, { workspaceId: ctx.workspace.id, teamId: request.teamId }, request.text);
    work = (db) => unlessInternal(greetOrExecute(text, { ...ctx, db }));
  } else {
    const files = request.files;
    // Downloaded before the transaction opens: a large file must not hold the database.
    const attached = files && files.length > 0 ? await downloadSlackFiles(live.botToken ?? client.token ?? '', files) : undefined;
    const withFiles: CommandContext = attached ? { ...ctx, attachedFiles: () => Promise.resolve(attached) } : ctx;
    work = (db) => unlessInternal(submitForm({ commandId: request.meta.c, hidden: request.meta.h }, request.values, { ...withFiles, db }));
  }
  const outcome = await doWork(deps, key, ctx.now, work, (result): SavedAnswer => ({
    result: storeResult(result),
    replace: replacesOriginal(request, result),
  }));
  if (!outcome.done) return false;
  await answerSlackRequest(deps, client, key, request, outcome.value, ctx, live);
  return true;
}

/** Delivers the answer saved with a request's work (its process died before it could). */
export async function deliverSlackAnswer(
  deps: SlackDeps,
  client: WebClient,
  key: string,
  request: SlackRequest,
  saved: unknown,
): Promise<void> {
  const answer = saved as SavedAnswer;
  const result = restoreResult(answer.result);
  const ctx = await contextFor(deps, client, request);
  await answerSlackRequest(deps, client, key, request, result, ctx, {}, answer.replace);
}

/** Tells the person a recorded request was given up, where its answer would have gone. */
export async function tellSlackGaveUp(client: WebClient, request: SlackRequest): Promise<void> {
  const what = describeSlackRequest(request);
  const text = inBothLanguages('request.given_up', { what });
  const url = request.kind === 'form' ? request.meta.r : request.kind === 'message' ? undefined : request.responseUrl;
  if (url) await postToResponseUrl(url, { response_type: 'ephemeral', replace_original: false, text });
  else await client.chat.postMessage({ channel: request.kind === 'message' ? request.channelId : request.userId, text });
}

/** What the person asked for, in their words, to name it in a message about it. */
function describeSlackRequest(request: SlackRequest): string {
  if (request.kind === 'command') return `${request.command} ${request.text}`.trim().slice(0, 120);
  if (request.kind === 'press') return request.command.slice(0, 120);
  if (request.kind === 'message') return request.text.slice(0, 120);
  return request.meta.c;
}

/**
 * Answers a request whose work committed: where the answer goes depends on what the request was, and
 * `replace` (saved with the work) says whether it takes the place of the message it came from.
 */
export async function answerSlackRequest(
  deps: SlackDeps,
  client: WebClient,
  key: string,
  request: SlackRequest,
  result: CommandResult,
  ctx: CommandContext,
  live: LiveExtras,
  replace = replacesOriginal(request, result),
): Promise<void> {
  const locale = ctx.actor.locale;
  const screen = await answerScreen(request, result, ctx, replace);
  // A modal must open within its trigger's 3 seconds, and a share posts its own copy (share.ts): neither
  // waits for chart uploads here.
  const uploadless =
    (request.kind === 'press' && request.onHome && live.triggerId !== undefined) || (isSharePress(request) && !result.error);
  const message = uploadless ? slackMessage(screen, locale) : await slackAnswer(client, screen, locale, deps.logger);
  const toUser = () => client.chat.postMessage({ channel: request.userId, text: message.text, blocks: message.blocks });
  if (request.kind === 'command') {
    await postToResponseUrl(request.responseUrl, { response_type: 'ephemeral', text: message.text, blocks: message.blocks });
  } else if (request.kind === 'message') {
    await client.chat.postMessage({ channel: request.channelId, text: message.text, blocks: message.blocks });
  } else if (isSharePress(request) && !result.error) {
    const { responseUrl } = request;
    await postShare(client, request.channelId, result, ctx, {
      userId: request.userId,
      respond: responseUrl ? (body) => postToResponseUrl(responseUrl, body) : undefined,
    });
  } else if (request.kind === 'press') {
    const { responseUrl } = request;
    const beside = () =>
      responseUrl
        ? postToResponseUrl(responseUrl, {
            response_type: 'ephemeral',
            replace_original: false,
            text: message.text,
            blocks: message.blocks,
          })
        : toUser();
    if (request.onHome && live.triggerId) {
      await client.views.open({
        trigger_id: live.triggerId,
        view: {
          type: 'modal',
          title: { type: 'plain_text', text: t(locale, 'app.name') },
          close: { type: 'plain_text', text: t(locale, 'form.cancel') },
          blocks: message.blocks,
        },
      });
    } else if (replace && request.message) {
      await updatePostedMessage(client, request.message, message, beside);
    } else if (request.onHome || !responseUrl) {
      await toUser();
    } else if (!(request.shared && !result.error && result.screen.subject?.type === 'approval')) {
      // A decision on a shared approval card needs no answer: every copy of the card is updated instead.
      await postToResponseUrl(responseUrl, {
        response_type: 'ephemeral',
        replace_original: replace,
        text: message.text,
        blocks: message.blocks,
      });
    }
  } else if (replace && request.meta.m) {
    const { r } = request.meta;
    const beside = () =>
      r
        ? postToResponseUrl(r, { response_type: 'ephemeral', replace_original: false, text: message.text, blocks: message.blocks })
        : toUser();
    await updatePostedMessage(client, { channel: request.meta.m.c, ts: request.meta.m.t }, message, beside);
  } else if (request.meta.r) {
    await postToResponseUrl(request.meta.r, {
      response_type: 'ephemeral',
      replace_original: replace,
      text: message.text,
      blocks: message.blocks,
    });
  } else if (result.error) {
    await toUser();
  } else {
    await publishHome(client, ctx, request.userId);
  }
  await applyEffects(client, ctx, request.userId, result.effects);
  await markAnswered(deps.db, key, deps.clock());
}

/** What Slack says when a message cannot be edited any more (deleted, or in a channel the bot left). */
const NOT_UPDATABLE = new Set(['cant_update_message', 'message_not_found', 'edit_window_closed', 'channel_not_found', 'not_in_channel']);

/**
 * Puts the answer in place of a message DealDesk posted. When Slack refuses because the message cannot
 * be edited any more, the answer is given beside it instead; any other failure is thrown, so the
 * request is tried again (an update is the same however often it is made).
 */
async function updatePostedMessage(
  client: WebClient,
  where: { channel: string; ts: string },
  message: ReturnType<typeof slackMessage>,
  beside: () => Promise<unknown>,
): Promise<void> {
  try {
    await client.chat.update({ channel: where.channel, ts: where.ts, text: message.text, blocks: message.blocks });
  } catch (error) {
    const refusal = (error as { data?: { error?: unknown } } | null)?.data?.error;
    if (typeof refusal !== 'string' || !NOT_UPDATABLE.has(refusal)) throw error;
    await beside();
  }
}

/** Slack's `response_url`: a POST of the message, refused (thrown) unless Slack took it. */
async function postToResponseUrl(url: string, body: object): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw Object.assign(new Error(`response_url answered ${String(response.status)}`), { statusCode: response.status });
}
