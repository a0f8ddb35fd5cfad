import { Application, type TurnState } from '@microsoft/teams-ai';
import { ActivityTypes, INVOKE_RESPONSE_KEY, type Activity, type TurnContext } from 'botbuilder';
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
import { conversationIdSent, TEAMS, type TeamsDeps } from './context.js';
import { prepareTurn, turnOf } from './turn.js';
import { commandLine } from './text.js';
import { answerAction, messageCard, readSubject, refreshCard, type Outcome } from './answer.js';
import { activityKey, claimAction, pressKey, releasePress, saveReply, type CardReply } from './dedupe.js';
import { FORM_VERB, REFRESH_VERB, RUN_VERB, cardActivity } from './render.js';
import { applyEffects, rememberCard, type TeamsNotifier } from './effects.js';
import { registerFileConsent } from './files.js';
import { textWithMentionedHandles } from './mentions.js';
import { downloadTeamsFiles, filesOf } from './files-in.js';

export type TeamsBotDeps = TeamsDeps & {
  /** Sends to other conversations (approval requests, decisions); absent in-process without a connector. */
  notifier?: TeamsNotifier;
};

/** How long a duplicate press waits for the first one's answer before saying "loading". */
const DUPLICATE_WAIT_MS = 4000;

/**
 * The teams-ai application: translation only. A message becomes a command line for `execute`; a
 * card button (Universal Action `adaptiveCard/action`, verbs `dd.run`/`dd.form`) runs its command and
 * answers with the new card, which Teams puts in place of the pressed one; `dd.refresh` is Teams
 * asking what a deal or approval card shows now. No turn state is kept: everything lives in the
 * database, so any replica can answer any activity.
 */
export function createTeamsBot(deps: TeamsBotDeps): Application {
  const app = new Application<TurnState>({ startTypingTimer: false, removeRecipientMention: true, longRunningMessages: false });

  app.turn('beforeTurn', async (context) => prepareTurn(deps, context));
  registerFileConsent(app, deps);

  app.adaptiveCards.actionExecute<unknown>([RUN_VERB, FORM_VERB], async (context) => {
    await onCardAction(deps, context, 'execute');
    return '';
  });
  app.adaptiveCards.actionExecute<unknown>(REFRESH_VERB, async (context, _state, data) => {
    const turn = turnOf(context);
    const subject = readSubject(data);
    if (!turn?.ctx || !subject) return sendInvokeReply(context, { message: '' }).then(() => '');
    await sendInvokeReply(context, await refreshCard(subject, turn.ctx, turn.identity));
    return '';
  });
  // Clients without Universal Actions send the fallback Action.Submit as a message with a value.
  app.adaptiveCards.actionSubmit<unknown>([RUN_VERB, FORM_VERB], async (context) => {
    await onCardAction(deps, context, 'submit');
  });

  app.conversationUpdate('membersAdded', async (context) => {
    const turn = turnOf(context);
    if (!botWasAdded(context.activity) || !turn?.ctx) return;
    if (
      context.activity.id &&
      !(await claimRequest(deps.db, activityKey(context.activity.conversation.id, context.activity.id), turn.workspaceId))
    )
      return;
    // Installed: the admin of a new workspace gets the three setup steps, anyone else the commands, in their language.
    const welcome = await welcomeFor(turn.ctx);
    const hello = welcome ? { screen: welcome } : await execute('dealdesk help', turn.ctx);
    await context.sendActivity(cardActivity(messageCard(hello, welcome ? 'dealdesk setup' : 'dealdesk help', turn.ctx, turn.identity)));
  });

  app.activity(ActivityTypes.Message, async (context) => {
    const turn = turnOf(context);
    if (!turn?.ctx) return;
    const activity = context.activity;
    // Files come with the message (a CSV to import); they are downloaded only if the command asks for them.
    const files = filesOf(activity);
    const ctx = files.length > 0 ? { ...turn.ctx, attachedFiles: () => downloadTeamsFiles(files) } : turn.ctx;
    // People it mentions become members (from the connector's profile) and read as @handle; a
    // redelivery finds them again, so this may run before the activity is claimed.
    if (activity.text)
      activity.text = await textWithMentionedHandles(deps, context, { workspaceId: turn.workspaceId, tenantId: turn.identity.tenantId });
    const line = files.length > 0 ? importLine(commandLine(activity)) : commandLine(activity);
    // The activity's record commits with its work (#13): Teams hears "got it" when the turn ends, after
    // the commit; a crash before it leaves nothing behind, so Teams' redelivery does the work once.
    // "hello", "help", "你好" get the greeting (../greeting.ts); anything else is a command.
    const work = (db: Db) => unlessInternal(greetOrExecute(line, { ...ctx, db }));
    const done = activity.id
      ? await doOnce(
          deps.db,
          { key: activityKey(activity.conversation.id, activity.id), workspaceId: turn.workspaceId, platform: TEAMS, kind: 'message' },
          ctx.now,
          work,
        )
      : { done: true as const, value: await work(deps.db) };
    if (!done.done) return;
    const result = done.value;
    const sent = await context.sendActivity(cardActivity(messageCard(result, line, ctx, turn.identity)));
    await rememberCard(deps.db, ctx, result.screen, { conversationId: activity.conversation.id, activityId: sent?.id });
    await applyEffects(deps, ctx, result.effects, { line });
  });

  // Other activities (reactions, installationUpdate, typing) only refresh the conversation reference.
  return app;
}

/** A file sent with no words, or with just "import", is a file to import. */
function importLine(line: string): string {
  return /^(import\b|$)/i.test(line) ? `dealdesk import ${line.replace(/^import\b/i, '')}`.trim() : line;
}

/** Whether a conversation update adds this bot; botbuilder checks only an incoming activity's type, so fields may be missing. */
function botWasAdded(activity: Partial<Activity>): boolean {
  return (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
}

async function onCardAction(deps: TeamsBotDeps, context: TurnContext, via: 'execute' | 'submit'): Promise<void> {
  const turn = turnOf(context);
  const activity = context.activity;
  const input = readCardAction(activity.value);
  const verb = input.verb ?? RUN_VERB;
  if (!turn?.ctx) return respond(deps, context, via, { message: '' });
  const ctx = turn.ctx;
  const rawData: unknown =
    via === 'execute' ? (activity.value as { action?: { data?: unknown } } | undefined)?.action?.data : activity.value;
  const press =
    activity.replyToId && turn.identity.userId
      ? pressKey({
          tenantId: turn.identity.tenantId,
          conversationId: activity.conversation.id,
          cardId: activity.replyToId,
          userId: turn.identity.userId,
          verb,
          data: rawData,
        })
      : undefined;
  const claim = activity.id
    ? await claimAction(
        deps.db,
        { activity: activityKey(activity.conversation.id, activity.id), ...(press ? { press } : {}) },
        { windowMs: deps.doublePressWindowMs, waitMs: DUPLICATE_WAIT_MS, workspaceId: turn.workspaceId },
      )
    : ({ first: true, keys: [] } as const);
  if (!claim.first) {
    // A redelivery or a double click: answer as the first one did (or, if it is still running, say so).
    return respond(deps, context, via, claim.reply ?? { message: t(ctx.actor.locale, 'form.loading') });
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
  await respond(deps, context, via, outcome.reply, outcome);
  await applyEffects(deps, ctx, outcome.effects);
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
  context: TurnContext,
  via: 'execute' | 'submit',
  reply: CardReply,
  outcome?: Outcome,
): Promise<void> {
  if (via === 'submit') {
    if ('card' in reply) await context.sendActivity(cardActivity(reply.card));
    else if (reply.message) await context.sendActivity(reply.message);
    return;
  }
  const replyToId = context.activity.replyToId;
  if (outcome?.changed && 'card' in reply && replyToId) {
    try {
      await context.updateActivity({ ...cardActivity(reply.card), id: replyToId });
    } catch (error) {
      // The presser still gets the new card; the others see it on their next refresh.
      deps.logger.warn({ err: error }, 'teams card not updated for everyone');
    }
  }
  await sendInvokeReply(context, reply);
}

async function sendInvokeReply(context: TurnContext, reply: CardReply): Promise<void> {
  const body =
    'card' in reply
      ? { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: reply.card }
      : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply.message };
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

/**
 * A handler failed: log it and, where someone is waiting for an answer, say so in their language.
 */
export async function reportTurnError(context: TurnContext, error: unknown, logger: TeamsDeps['logger']): Promise<void> {
  // A plain string, compared with the protocol's names (ActivityTypes.Invoke is 'invoke', .Message is 'message').
  const type = context.activity.type;
  logger.error({ err: error, type, conversation: conversationIdSent(context.activity) }, 'teams handler failed');
  // Before the member is known (a failure while setting up the turn), the language the client reports.
  const locale = turnOf(context)?.ctx?.actor.locale ?? normalizeLocale(context.activity.locale) ?? 'en';
  const message = t(locale, 'error.internal');
  try {
    if (type === 'invoke' && !context.turnState.get(INVOKE_RESPONSE_KEY)) await sendInvokeReply(context, { message });
    else if (type === 'message' && !context.responded) await context.sendActivity(message);
  } catch (reportError) {
    logger.warn({ err: reportError }, 'teams error reply failed');
  }
}
