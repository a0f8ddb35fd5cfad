import express, { type Express } from 'express';
import { TeamsAdapter, type Application } from '@microsoft/teams-ai';
import { jsonNestsDeeperThan, nestedDeeperThan, BODY_BYTES_MAX, typedLineRefusal } from '../input-limits.js';
import { normalizeLocale } from '../../i18n/locale.js';
import type { Config } from '../../config/env.js';
import type { Db } from '../../store/db.js';
import type { Logger } from '../../logger.js';
import type { AdaptiveCard } from '../../views/render/adaptive-card.js';
import { createTeamsBot, reportTurnError } from './bot.js';
import { sendProactive, updateProactive, type ProactiveSender, type ProactiveTarget, type Sent } from './proactive.js';
import type { TeamsNotifier } from './effects.js';
import { sendActivityProactive } from './files.js';
import { createTeamsAdapter } from './deliverer.js';
import { createWorkLimit, type WorkLimit } from '../work-limit.js';

export const TEAMS_ENDPOINT = '/api/messages';
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
  /** Shared with the other adapters of the process; default: one of DEALDESK_MAX_CONCURRENT_COMMANDS places. */
  workLimit?: WorkLimit;
};

export type TeamsRuntime = {
  app: Application;
  adapter: TeamsAdapter;
  mode: 'authenticated' | 'anonymous';
  /** Posts a card to a member's personal chat or a stored conversation; null when DealDesk was never there. */
  sendProactive(target: ProactiveTarget, card: AdaptiveCard): Promise<Sent | null>;
};

/**
 * The teams-ai application on the shared HTTP server. With TEAMS_APP_ID/TEAMS_APP_PASSWORD (and
 * TEAMS_TENANT_ID for a single-tenant registration) every request must carry a valid Bot Framework
 * token, checked by botbuilder before any of our code runs; without a token the answer is 401.
 * Only TEAMS_DEV_ANONYMOUS=true, without an app id, turns that off — for local development.
 * The server then listens on 127.0.0.1 only (server/run-server.ts), so no other machine can reach it.
 */
export function createTeamsApp(options: TeamsOptions): TeamsRuntime {
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
  const adapter = createTeamsAdapter(config);
  const sender: ProactiveSender = { adapter, appId: appId ?? '' };
  const send: TeamsNotifier['send'] = (target, card) => sendProactive(sender, options.db, target, card);
  const notifier: TeamsNotifier = {
    send,
    update: (target, card) => updateProactive(sender, options.db, target, card),
    sendActivity: (target, activity) => sendActivityProactive(sender, options.db, target, activity),
  };
  const app = createTeamsBot({
    db: options.db,
    clock: options.clock ?? (() => new Date()),
    logger: log,
    ...(config.TEAMS_TENANT_ID ? { tenantId: config.TEAMS_TENANT_ID } : {}),
    ...(appId ? {} : { fallbackTenantId: DEV_TENANT }),
    doublePressWindowMs: options.doublePressWindowMs ?? 5000,
    notifier,
  });
  adapter.onTurnError = (context, error) => reportTurnError(context, error, log);
  const workLimit = options.workLimit ?? createWorkLimit(config.DEALDESK_MAX_CONCURRENT_COMMANDS);
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
    await adapter.process(req, res, async (context) => {
      // A paste longer than a command line gets its sentence before any database work.
      const text = context.activity.type === 'message' ? context.activity.text : undefined;
      const refusal = typeof text === 'string' ? typedLineRefusal(text, normalizeLocale(context.activity.locale)) : undefined;
      if (refusal) {
        await context.sendActivity(refusal);
        return;
      }
      // Teams has no acknowledgement before the work: its HTTP answer (an invoke's card) is the turn's result.
      await workLimit.run(() => app.run(context));
    });
  });
  return { app, adapter, mode: appId ? 'authenticated' : 'anonymous', sendProactive: send };
}
