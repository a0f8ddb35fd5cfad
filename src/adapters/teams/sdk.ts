import { format } from 'node:util';
import { App, type HttpRouteHandler, type IHttpServerAdapter } from '@microsoft/teams.apps';
import { PUBLIC, type CloudEnvironment, type TokenProvider } from '@microsoft/teams.api';
import type { ILogger, LogLevel } from '@microsoft/teams.common';
import type { Config } from '../../config/env.js';
import type { Logger } from '../../logger.js';
import { TEAMS_ENDPOINT } from './endpoint.js';

/**
 * What only tests set: where the Bot Framework's signing keys are read (a local OpenID server), and a
 * token for the connector instead of asking Microsoft's login service for one.
 */
export type TeamsSdkOptions = { cloud?: CloudEnvironment; token?: TokenProvider };

/** The SDK's messaging route, handed to us instead of being mounted on a server of its own. */
export class RouteCapture implements IHttpServerAdapter {
  handler: HttpRouteHandler | undefined;
  registerRoute(_method: 'POST', path: string, handler: HttpRouteHandler): void {
    if (path === TEAMS_ENDPOINT) this.handler = handler;
  }
}

/**
 * The Teams SDK (Teams AI library v2) app for this configuration. Every credential comes from our
 * config, never from the SDK's own environment variables (CLIENT_ID, CLIENT_SECRET, TENANT_ID,
 * SERVICE_URL): an empty value stops it from looking there. With an app id, inbound requests need a
 * valid Bot Framework token and sends carry one; without, the app is anonymous (local development).
 */
export function createSdkApp(config: Config, logger: Logger, options: TeamsSdkOptions & { httpServerAdapter?: IHttpServerAdapter } = {}) {
  const appId = config.TEAMS_APP_ID;
  return new App({
    clientId: appId ?? '',
    ...(appId && options.token ? { token: options.token } : { clientSecret: appId ? (config.TEAMS_APP_PASSWORD ?? '') : '' }),
    tenantId: config.TEAMS_TENANT_ID ?? '',
    managedIdentityClientId: appId ?? '',
    dangerouslyAllowUnauthenticatedRequests: !appId,
    messagingEndpoint: TEAMS_ENDPOINT,
    serviceUrl: 'https://smba.trafficmanager.net/teams',
    logger: sdkLogger(logger),
    telemetry: { agent365: false },
    cloud: options.cloud ?? PUBLIC,
    ...(options.httpServerAdapter ? { httpServerAdapter: options.httpServerAdapter } : { httpServerAdapter: new RouteCapture() }),
  });
}

/** The SDK's logger interface on our pino logger (its debug lines stay at debug). */
export function sdkLogger(logger: Logger): ILogger {
  const at =
    (level: LogLevel) =>
    (...msg: unknown[]): void => {
      logger[level]({ component: 'teams-sdk' }, format(...(msg as [unknown, ...unknown[]])));
    };
  const sdk: ILogger = {
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    log: (level: LogLevel, ...msg: unknown[]) => {
      at(level)(...msg);
    },
    child: () => sdk,
  };
  return sdk;
}
