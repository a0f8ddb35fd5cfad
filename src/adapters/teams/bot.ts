import { execute } from '../../commands/execute.js';
import { welcomeFor } from '../../commands/dealdesk-setup.js';
import { claimRequest, releaseRequest } from '../../store/processed-requests.js';
import { doOnce } from '../../store/requests.js';
import { unlessInternal } from '../durable-requests.js';
import { greetOrExecute } from '../greeting.js';
import type { Db } from '../../store/db.js';
import { readCardAction } from '../../views/render/adaptive-card.js';
import { t } from '../../i18n/index.js';
import { normalizeLocale } from '../../i18n/locale.js';
import { conversationIdSent, TEAMS, type TeamsActivity, type TeamsDeps } from './context.js';
import { prepareTurn, type Turn, type TurnIO } from './turn.js';
import { commandLine } from './text.js';
import { answerAction, messageCard, readSubject, refreshCard, type Outcome } from './answer.js';
import { activityKey, claimAction, pressKey, releasePress, saveReply, type CardReply } from './dedupe.js';
import { FORM_VERB, REFRESH_VERB, RUN_VERB, cardActivity } from './render.js';
import { applyEffects, rememberCard, type TeamsNotifier } from './effects.js';
import { answerFileConsent } from './files.js';
import { textWithMentionedHandles } from './mentions.js';
import { TeamsUserIds } from './user-ids.js';
import { downloadTeamsFiles, filesOf } from './files-in.js';
import { answerMessageExtension, isMessageExtensionInvoke } from './message-extension.js';

export type TeamsBotDeps = TeamsDeps & {
  /** Sends to other conversations (approval requests, decisions); absent in-process without a connector. */
  notifier?: TeamsNotifier;
};

/** The bot's dependencies and what it learns while it runs: which Teams user is which AAD object. */
type RunningBot = TeamsBotDeps & { userIds: TeamsUserIds };

/** The HTTP answer to an activity: an invoke's body (a card, a message), or nothing but 200. */
export type InvokeAnswer = { status: number; body?: unknown };

export type TeamsBot = {
  /** Handles one activity; what it returns is the HTTP answer Teams gets. */
  run(io: TurnIO): Promise<InvokeAnswer | undefined>;
};

/** How long a duplicate press waits for the first one's answer before saying "loading". */
const DUPLICATE_WAIT_MS = 4000;

const CARD_VERBS = new Set([RUN_VERB, FORM_VERB]);

/**
 * The bot: translation only. A message becomes a command line for `execute`; a card button
 * (Universal Action `adaptiveCard/action`, verbs `dd.run`/`dd.form`) runs its command and answers
 * with the new card, which Teams puts in place of the pressed one; `dd.refresh` is Teams asking what a
 * deal or approval card shows now. No turn state is kept: everything lives in the database, so any
 * replica can answer any activity. The Teams SDK hands every activity here (teams-app.ts): routing
 * on type, invoke name and verb is ours.
 */
export function createTeamsBot(botDeps: TeamsBotDeps): TeamsBot {
  const deps: RunningBot = { ...botDeps, userIds: new TeamsUserIds() };
  return {
    async run(io) {
      let turn: Turn | undefined;
      try {
        turn = await prepareTurn(deps, io.activity, (teamsUserId) => io.member(teamsUserId));
        return turn ? await dispatch(deps, io, turn) : undefined;
      } catch (error) {
        return reportTurnError(io, error, turn, deps.logger);
      }
    },
  };
}

async function dispatch(deps: RunningBot, io: TurnIO, turn: Turn): Promise<InvokeAnswer | undefined> {
  const activity = io.activity;
  if (activity.type === 'invoke' && activity.name === 'adaptiveCard/action') {
    const verb = readCardAction(activity.value).verb ?? '';
    if (verb === REFRESH_VERB) return onRefresh(io, turn);
    if (CARD_VERBS.has(verb)) return onCardAction(deps, io, turn, 'execute');
    return invokeReply({ message: t(turn.ctx?.actor.locale ?? 'en', 'card.invalid') });
  }
  if (activity.type === 'invoke' && isMessageExtensionInvoke(activity.name)) return answerMessageExtension(deps, io, turn);
  if (activity.type === 'invoke' && activity.name === 'fileConsent/invoke') {
    await answerFileConsent(deps, io, turn);
    return { status: 200 };
  }
  if (activity.type === 'conversationUpdate') {
    await onMembersAdded(deps, io, turn);
    return undefined;
  }
  if (activity.type === 'message') {
    // Clients without Universal Actions send the fallback Action.Submit as a message with a value.
    if (CARD_VERBS.has(submittedVerb(activity.value))) await onCardAction(deps, io, turn, 'submit');
    else await onMessage(deps, io, turn);
  }
  // Other activities (reactions, installationUpdate, typing) only refresh the conversation reference.
  return undefined;
}

function submittedVerb(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const verb = (value as Record<string, unknown>)['verb'];
  return typeof verb === 'string' ? verb : '';
}

async function onRefresh(io: TurnIO, turn: Turn): Promise<InvokeAnswer> {
  const data = (io.activity.value as { action?: { data?: unknown } } | undefined)?.action?.data;
  const subject = readSubject(data);
  if (!turn.ctx || !subject) return invokeReply({ message: '' });
  return invokeReply(await refreshCard(subject, turn.ctx, turn.identity));
}

async function onMembersAdded(deps: TeamsBotDeps, io: TurnIO, turn: Turn): Promise<void> {
  const activity = io.activity;
  if (!botWasAdded(activity) || !turn.ctx) return;
  if (activity.id && !(await claimRequest(deps.db, activityKey(activity.conversation?.id ?? '', activity.id), turn.workspaceId))) return;
  // Installed: the admin of a new workspace gets the three setup steps, anyone else the commands, in their language.
  const welcome = await welcomeFor(turn.ctx);
  const hello = welcome ? { screen: welcome } : await execute('dealdesk help', turn.ctx);
  await io.reply(cardActivity(messageCard(hello, welcome ? 'dealdesk setup' : 'dealdesk help', turn.ctx, turn.identity)));
}

async function onMessage(deps: RunningBot, io: TurnIO, turn: Turn): Promise<void> {
  if (!turn.ctx) return;
  const activity = io.activity;
  const conversationId = activity.conversation?.id ?? '';
  // Files come with the message (a CSV to import); they are downloaded only if the command asks for them.
  const files = filesOf(activity);
  const ctx = files.length > 0 ? { ...turn.ctx, attachedFiles: () => downloadTeamsFiles(files) } : turn.ctx;
  // People it mentions become members (from the connector's profile) and read as @handle; a
  // redelivery finds them again, so this may run before the activity is claimed.
  const text = activity.text
    ? await textWithMentionedHandles(deps, io, { workspaceId: turn.workspaceId, tenantId: turn.identity.tenantId }, deps.userIds)
    : activity.text;
  const typed = { ...activity, ...(text === undefined ? {} : { text }) };
  const line = files.length > 0 ? importLine(commandLine(typed)) : commandLine(typed);
  // The activity's record commits with its work (#13): Teams hears "got it" when the turn ends, after
  // the commit; a crash before it leaves nothing behind, so Teams' redelivery does the work once.
  // "hello", "help", "你好" get the greeting (../greeting.ts); anything else is a command.
  const work = (db: Db) => unlessInternal(greetOrExecute(line, { ...ctx, db }));
  const done = activity.id
    ? await doOnce(
        deps.db,
        { key: activityKey(conversationId, activity.id), workspaceId: turn.workspaceId, platform: TEAMS, kind: 'message' },
        ctx.now,
        work,
      )
    : { done: true as const, value: await work(deps.db) };
  if (!done.done) return;
  const result = done.value;
  const sentId = await io.reply(cardActivity(messageCard(result, line, ctx, turn.identity)));
  await rememberCard(deps.db, ctx, result.screen, { conversationId, activityId: sentId });
  await applyEffects(deps, ctx, result.effects, { line });
}

/** A file sent with no words, or with just "import", is a file to import. */
function importLine(line: string): string {
  return /^(import\b|$)/i.test(line) ? `dealdesk import ${line.replace(/^import\b/i, '')}`.trim() : line;
}

/** Whether a conversation update adds this bot; the SDK checks only an incoming activity's type, so fields may be missing. */
function botWasAdded(activity: Partial<TeamsActivity>): boolean {
  return (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
}

async function onCardAction(deps: TeamsBotDeps, io: TurnIO, turn: Turn, via: 'execute' | 'submit'): Promise<InvokeAnswer | undefined> {
  const activity = io.activity;
  const conversationId = activity.conversation?.id ?? '';
  const input = readCardAction(activity.value);
  const verb = input.verb ?? RUN_VERB;
  if (!turn.ctx) return respond(deps, io, via, { message: '' });
  const ctx = turn.ctx;
  const rawData: unknown =
    via === 'execute' ? (activity.value as { action?: { data?: unknown } } | undefined)?.action?.data : activity.value;
  const press =
    activity.replyToId && turn.identity.userId
      ? pressKey({
          tenantId: turn.identity.tenantId,
          conversationId,
          cardId: activity.replyToId,
          userId: turn.identity.userId,
          verb,
          data: rawData,
        })
      : undefined;
  const claim = activity.id
    ? await claimAction(
        deps.db,
        { activity: activityKey(conversationId, activity.id), ...(press ? { press } : {}) },
        { windowMs: deps.doublePressWindowMs, waitMs: DUPLICATE_WAIT_MS, workspaceId: turn.workspaceId },
      )
    : ({ first: true, keys: [] } as const);
  if (!claim.first) {
    // A redelivery or a double click: answer as the first one did (or, if it is still running, say so).
    return respond(deps, io, via, claim.reply ?? { message: t(ctx.actor.locale, 'form.loading') });
  }
  // The work and its saved reply commit together: a duplicate of this press answers with that reply.
  const outcome = await releasingOnError(deps, claim.keys, () =>
    deps.db.$transaction(
      async (tx) => {
        const db = tx as unknown as Db;
        const answered = await answerAction(verb, input, { ...ctx, db }, turn.identity);
        await saveReply(db, claim.keys, answered.reply);
        return answered;
      },
      { maxWait: 10_000, timeout: 120_000 },
    ),
  );
  if (outcome.refused) await releasePress(deps.db, press);
  const answer = await respond(deps, io, via, outcome.reply, outcome);
  await applyEffects(deps, ctx, outcome.effects);
  return answer;
}

/** A claimed request whose work failed unexpectedly is given back, so Teams' redelivery can try again. */
async function releasingOnError<T>(deps: TeamsBotDeps, keys: readonly string[], work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await Promise.all(keys.map((key) => releaseRequest(deps.db, key))).catch(() => undefined);
    throw error;
  }
}

/**
 * Action.Execute: the reply goes back in the invoke response and Teams shows it in place of the card,
 * for the person who pressed. When data changed, the message itself is updated too, so everyone in
 * the chat sees the new state. Action.Submit (older clients) cannot replace a card: the reply is a new message.
 */
async function respond(
  deps: TeamsBotDeps,
  io: TurnIO,
  via: 'execute' | 'submit',
  reply: CardReply,
  outcome?: Outcome,
): Promise<InvokeAnswer | undefined> {
  if (via === 'submit') {
    if ('card' in reply) await io.reply(cardActivity(reply.card));
    else if (reply.message) await io.reply({ type: 'message', text: reply.message });
    return undefined;
  }
  const replyToId = io.activity.replyToId;
  if (outcome?.changed && 'card' in reply && replyToId) {
    try {
      await io.update(replyToId, cardActivity(reply.card));
    } catch (error) {
      // The presser still gets the new card; the others see it on their next refresh.
      deps.logger.warn({ err: error }, 'teams card not updated for everyone');
    }
  }
  return invokeReply(reply);
}

function invokeReply(reply: CardReply): InvokeAnswer {
  const body =
    'card' in reply
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.message };
  return { status: 200, body };
}

/**
 * A handler failed: log it and, where someone is waiting for an answer, say so in their language.
 * Nothing is thrown on: the SDK would answer 500 with no words.
 */
async function reportTurnError(
  io: TurnIO,
  error: unknown,
  turn: Turn | undefined,
  logger: TeamsDeps['logger'],
): Promise<InvokeAnswer | undefined> {
  const activity = io.activity;
  logger.error({ err: error, type: activity.type, conversation: conversationIdSent(activity) }, 'teams handler failed');
  // Before the member is known (a failure while setting up the turn), the language the client reports.
  const locale = turn?.ctx?.actor.locale ?? normalizeLocale(activity.locale) ?? 'en';
  const message = t(locale, 'error.internal');
  if (activity.type === 'invoke') return invokeReply({ message });
  try {
    if (activity.type === 'message' && !io.responded) await io.reply({ type: 'message', text: message });
  } catch (reportError) {
    logger.warn({ err: reportError }, 'teams error reply failed');
  }
  return undefined;
}
