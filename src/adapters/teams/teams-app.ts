import express, { type Express } from 'express';
import type { App, IActivityContext } from '@microsoft/teams.apps';
import { jsonNestsDeeperThan, nestedDeeperThan, BODY_BYTES_MAX, typedLineRefusal } from '../input-limits.js';
import { normalizeLocale } from '../../i18n/locale.js';
import type { Config } from '../../config/env.js';
import type { Db } from '../../store/db.js';
import type { Logger } from '../../logger.js';
import type { AdaptiveCard } from '../../views/render/adaptive-card.js';
import { createTeamsBot, type TeamsBot } from './bot.js';
import {
  sendActivityProactive,
  sendProactive,
  updateProactive,
  type ProactiveSender,
  type ProactiveTarget,
  type Sent,
} from './proactive.js';
import type { TeamsNotifier } from './effects.js';
import type { TeamsActivity } from './context.js';
import type { TurnIO } from './turn.js';
import { connectorAt } from './connector.js';
import { createSdkApp, RouteCapture, type TeamsSdkOptions } from './sdk.js';
import { TEAMS_ENDPOINT } from './endpoint.js';
import { commandConcurrency, createWorkLimit, type WorkLimit } from '../work-limit.js';

export { TEAMS_ENDPOINT };
/** Conversations of an anonymous development bot without a tenant (the Bot Framework Emulator) share this one. */
export const DEV_TENANT = 'dev-anonymous';

export type TeamsOptions = {
  config: Config;
  db: Db;
  logger: Logger;
  /** The process's one HTTP server; `POST /api/messages` is mounted on it. */
  http: Express;
  clock?: () => Date;
  /** Presses of the same button closer together than this are one press (default 5 s). */
  doublePressWindowMs?: number;
  /** Shared with the other adapters of the process; default: one of `commandConcurrency` places. */
  workLimit?: WorkLimit;
  /** Tests only: a local OpenID server for the signing keys, a token for the connector. */
  sdk?: TeamsSdkOptions;
};

export type TeamsRuntime = {
  app: App;
  mode: 'authenticated' | 'anonymous';
  /** Posts a card to a member's personal chat or a stored conversation; null when DealDesk was never there. */
  sendProactive(target: ProactiveTarget, card: AdaptiveCard): Promise<Sent | null>;
};

/**
 * The Teams SDK (Teams AI library v2) app on the shared HTTP server. With TEAMS_APP_ID/TEAMS_APP_PASSWORD
 * (and TEAMS_TENANT_ID for a single-tenant registration) every request must carry a valid Bot Framework
 * token, checked by the SDK before any of our code runs; without a token the answer is 401.
 * Only TEAMS_DEV_ANONYMOUS=true, without an app id, turns that off — for local development.
 * The server then listens on 127.0.0.1 only (server/run-server.ts), so no other machine can reach it.
 */
export async function createTeamsApp(options: TeamsOptions): Promise<TeamsRuntime> {
  const { config, logger } = options;
  const log = logger.child({ component: 'teams' });
  const appId = config.TEAMS_APP_ID;
  if (!appId && !config.TEAMS_DEV_ANONYMOUS)
    throw new Error(
      'TEAMS_APP_ID and TEAMS_APP_PASSWORD are required to receive Teams requests (TEAMS_DEV_ANONYMOUS=true only for local development)',
    );
  if (appId && config.TEAMS_DEV_ANONYMOUS)
    log.warn('TEAMS_DEV_ANONYMOUS is ignored because TEAMS_APP_ID is set: every Teams request must carry a valid Bot Framework token');
  if (!appId) {
    log.warn(
      'SECURITY WARNING: Teams is running in ANONYMOUS development mode (TEAMS_DEV_ANONYMOUS=true and no TEAMS_APP_ID). POST /api/messages accepts requests WITHOUT authentication: anyone who can reach this port can act as any user of any tenant. DealDesk listens on 127.0.0.1 only in this mode. Use it only on your own machine with the Bot Framework Emulator or the Teams App Test Tool, never on a network.',
    );
  }
  const route = new RouteCapture();
  const app = createSdkApp(config, log, { ...options.sdk, httpServerAdapter: route });
  const sender: ProactiveSender = { api: app.api };
  const send: TeamsNotifier['send'] = (target, card) => sendProactive(sender, options.db, target, card);
  const notifier: TeamsNotifier = {
    send,
    update: (target, card) => updateProactive(sender, options.db, target, card),
    sendActivity: (target, activity) => sendActivityProactive(sender, options.db, target, activity),
  };
  const bot = createTeamsBot({
    db: options.db,
    clock: options.clock ?? (() => new Date()),
    logger: log,
    ...(config.TEAMS_TENANT_ID ? { tenantId: config.TEAMS_TENANT_ID } : {}),
    ...(appId ? {} : { fallbackTenantId: DEV_TENANT }),
    doublePressWindowMs: options.doublePressWindowMs ?? 5000,
    notifier,
  });
  const workLimit = options.workLimit ?? createWorkLimit(commandConcurrency(config));
  routeEveryActivity(app, bot, workLimit);
  // Registers the messaging route with `route` (nothing listens by itself: our server does).
  await app.initialize();
  const handler = route.handler;
  if (!handler) throw new Error('the Teams SDK registered no messaging route');
  // The depth is found by a scan before JSON.parse reads the body (#13): parsing 100,000 brackets holds the event loop.
  const json = express.json({
    limit: BODY_BYTES_MAX,
    verify: (_req, _res, body) => {
      if (jsonNestsDeeperThan(body.toString('utf8'))) throw Object.assign(new Error('the activity nests too deep'), { status: 400 });
    },
  });
  options.http.post(TEAMS_ENDPOINT, json, async (req, res) => {
    if (nestedDeeperThan(req.body)) {
      log.warn({ path: TEAMS_ENDPOINT }, 'teams request refused: the activity nests too deep');
      res.status(400).send();
      return;
    }
    // The SDK checks the token (unless anonymous), runs the turn and gives the HTTP answer (an invoke's card).
    const answer = await handler({ body: req.body as unknown, headers: req.headers as Record<string, string | string[]> });
    if (answer.body === undefined) res.status(answer.status).send();
    else res.status(answer.status).json(answer.body);
  });
  return { app, mode: appId ? 'authenticated' : 'anonymous', sendProactive: send };
}

/**
 * Every activity the SDK accepts goes to the bot, which routes it itself. A paste longer than a command
 * line gets its sentence before any database work; the rest waits for one of the process's places.
 */
export function routeEveryActivity(app: App, bot: TeamsBot, workLimit?: WorkLimit): void {
  app.use(async (ctx) => {
    const io = turnIO(ctx);
    const activity = io.activity;
    const refusal =
      activity.type === 'message' && typeof activity.text === 'string'
        ? typedLineRefusal(activity.text, normalizeLocale(activity.locale))
        : undefined;
    if (refusal) {
      await io.reply({ type: 'message', text: refusal });
      return undefined;
    }
    // Teams has no acknowledgement before the work: its HTTP answer (an invoke's card) is the turn's result.
    const answer = workLimit ? await workLimit.run(() => bot.run(io)) : await bot.run(io);
    return answer;
  });
}

/** The SDK's turn as the bot sees it: replies go to the activity's conversation through its service URL. */
function turnIO(ctx: IActivityContext): TurnIO {
  const activity = ctx.activity as unknown as TeamsActivity;
  const connector = connectorAt(ctx.api, activity.serviceUrl ?? ctx.ref.serviceUrl);
  const conversation = activity.conversation ?? { id: '' };
  let responded = false;
  return {
    activity,
    get responded() {
      return responded;
    },
    async reply(outgoing) {
      const id = await connector.post(conversation, outgoing, {
        ...(activity.recipient ? { from: activity.recipient } : {}),
        ...(activity.id ? { replyToId: activity.id } : {}),
      });
      responded = true;
      return id;
    },
    update: (activityId, outgoing) => connector.update(conversation.id, activityId, outgoing),
    // A member of a team is looked up in the team, as Teams knows them there; else in the chat.
    member: (teamsUserId) => connector.member(teamOf(activity) ?? conversation.id, teamsUserId),
  };
}

function teamOf(activity: TeamsActivity): string | undefined {
  const channelData = activity.channelData as { team?: { id?: unknown } } | undefined;
  return typeof channelData?.team?.id === 'string' ? channelData.team.id : undefined;
}
