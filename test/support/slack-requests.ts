// Requests exactly as Slack sends them to an app, for tests of a Bolt receiver.
//
//   const res = await postSlack(url, SECRET, slashCommandBody({ command: '/deal', text: 'list', user_id: 'U1',
//     team_id: 'T1', response_url: fake.responseUrl() }));
//
// Shapes follow @slack/bolt 5.1's own types (dist/types/{command,actions,view,events}) and Slack's docs:
// - slash commands: form-encoded fields (Bolt routes on `command`);
// - interactivity: form-encoded `payload=<json>` (Bolt routes on `actions` / `type: 'view_submission'`);
// - Events API: a JSON `event_callback` envelope (Bolt routes on `event.type`).
// The `*Payload` builders return the parsed object, which is also what Socket Mode envelopes carry.
import { createHmac, randomBytes, randomUUID } from 'node:crypto';

export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';

/** Defaults that match fake-slack.ts (`startFakeSlack()` without options). */
export const SLACK_DEFAULTS = {
  teamId: 'T0ACME',
  teamDomain: 'acme-sales',
  apiAppId: 'A0DEALDESK',
  botUserId: 'U0BOT',
  botId: 'B0BOT',
  /** The deprecated verification token Slack still puts in every payload. */
  verificationToken: 'fake-verification-token',
} as const;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** `X-Slack-Signature` / `X-Slack-Request-Timestamp` for `body` (the exact raw bytes that will be sent). */
export function signSlackRequest(
  secret: string,
  body: string,
  timestamp: number = nowSeconds(),
): { 'X-Slack-Signature': string; 'X-Slack-Request-Timestamp': string } {
  const hmac = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${hmac}`, 'X-Slack-Request-Timestamp': String(timestamp) };
}

export type PostSlackOptions = {
  /** A Content-Type, or the shorthands 'form' and 'json'; defaults to JSON when the body starts with `{`, form-encoded otherwise. */
  contentType?: string;
  /** Unix seconds used in the signature and the timestamp header (default now). */
  timestamp?: number;
  /** Sends `X-Slack-Retry-Num` (Slack's redelivery of an unacknowledged request). */
  retryNum?: number;
  /** Sends `X-Slack-Retry-Reason`, e.g. 'http_timeout'. */
  retryReason?: string;
  /** Overrides the computed signature; null omits the header. */
  signature?: string | null;
  /** Overrides the timestamp header (not the signed timestamp); null omits the header. */
  timestampHeader?: string | null;
  headers?: Record<string, string>;
};

export type SlackHttpResult = { status: number; text: string; json?: unknown; headers: Headers };

/** POSTs a signed request like Slack does and returns the receiver's answer (what `ack()` was given). */
export async function postSlack(url: string, secret: string, body: string, options: PostSlackOptions = {}): Promise<SlackHttpResult> {
  const contentType =
    options.contentType === 'form'
      ? FORM
      : options.contentType === 'json'
        ? JSON_TYPE
        : (options.contentType ?? (body.trimStart().startsWith('{') ? JSON_TYPE : FORM));
  const timestamp = options.timestamp ?? nowSeconds();
  const signed = signSlackRequest(secret, body, timestamp);
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...options.headers,
  };
  const signature = options.signature === undefined ? signed['X-Slack-Signature'] : options.signature;
  if (signature !== null) headers['X-Slack-Signature'] = signature;
  const timestampHeader = options.timestampHeader === undefined ? signed['X-Slack-Request-Timestamp'] : options.timestampHeader;
  if (timestampHeader !== null) headers['X-Slack-Request-Timestamp'] = timestampHeader;
  if (options.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(options.retryNum);
  if (options.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = options.retryReason;

  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let json: unknown;
  if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status: response.status, text, json, headers: response.headers };
}

/** A trigger_id of Slack's shape ('<digits>.<digits>.<hex>'); it expires after 3 s at Slack, never here. */
export function fakeTriggerId(): string {
  return `${Date.now()}.${Math.floor(Math.random() * 1e9)}.${randomBytes(16).toString('hex')}`;
}

function formEncode(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function interactivityBody(payload: unknown): string {
  return formEncode({ payload: JSON.stringify(payload) });
}

// ---------------------------------------------------------------- slash commands

export type SlashCommandFields = {
  command: string;
  text: string;
  user_id: string;
  team_id: string;
  response_url: string;
  channel_id?: string;
  channel_name?: string;
  trigger_id?: string;
  user_name?: string;
  team_domain?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  api_app_id?: string;
  token?: string;
};

/** The fields of a slash command as Slack sends them (all strings; `is_enterprise_install` is 'true'/'false'). */
export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  const channelId = fields.channel_id ?? 'C0GENERAL';
  const out: Record<string, string> = {
    token: fields.token ?? SLACK_DEFAULTS.verificationToken,
    team_id: fields.team_id,
    team_domain: fields.team_domain ?? SLACK_DEFAULTS.teamDomain,
  };
  if (fields.enterprise_id !== undefined) {
    out.enterprise_id = fields.enterprise_id;
    out.enterprise_name = fields.enterprise_name ?? 'Acme Enterprise';
  }
  Object.assign(out, {
    channel_id: channelId,
    channel_name: fields.channel_name ?? (channelId.startsWith('D') ? 'directmessage' : 'general'),
    user_id: fields.user_id,
    user_name: fields.user_name ?? fields.user_id.toLowerCase(),
    command: fields.command,
    text: fields.text,
    api_app_id: fields.api_app_id ?? SLACK_DEFAULTS.apiAppId,
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? fakeTriggerId(),
  });
  return out;
}

/** Form-encoded slash command body. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return formEncode(slashCommandPayload(fields));
}

// ---------------------------------------------------------------- interactivity

export type SlackUserRef = string | { id: string; name?: string; username?: string; team_id?: string };
export type SlackTeamRef = string | { id: string; domain?: string; enterprise_id?: string; enterprise_name?: string };

function userObject(user: SlackUserRef, teamId: string): { id: string; username: string; name: string; team_id: string } {
  const u = typeof user === 'string' ? { id: user } : user;
  const name = u.name ?? u.username ?? u.id.toLowerCase();
  return { id: u.id, username: u.username ?? name, name, team_id: u.team_id ?? teamId };
}

function teamObject(team: SlackTeamRef | undefined): { id: string; domain: string; enterprise_id?: string; enterprise_name?: string } {
  if (team === undefined) return { id: SLACK_DEFAULTS.teamId, domain: SLACK_DEFAULTS.teamDomain };
  if (typeof team === 'string') return { id: team, domain: SLACK_DEFAULTS.teamDomain };
  return { ...team, domain: team.domain ?? SLACK_DEFAULTS.teamDomain };
}

export type BlockActionInput = {
  action_id: string;
  block_id?: string;
  value?: string;
  /** 'button' by default; for selects pass the element's own fields (selected_option, ...). */
  type?: string;
  action_ts?: string;
  text?: { type: 'plain_text'; text: string; emoji?: boolean };
  [key: string]: unknown;
};

export type ViewStateValues = Record<string, Record<string, Record<string, unknown>>>;

/** A view as Slack sends it inside interactivity payloads (Bolt's `ViewOutput`). */
export type ViewInput = {
  id: string;
  callback_id?: string;
  private_metadata?: string;
  state?: { values: ViewStateValues };
  hash?: string;
  type?: 'modal' | 'home';
  blocks?: unknown[];
  title?: { type: 'plain_text'; text: string; emoji?: boolean };
  external_id?: string;
  root_view_id?: string | null;
  previous_view_id?: string | null;
  [key: string]: unknown;
};

function viewObject(view: ViewInput, teamId: string, apiAppId: string): Record<string, unknown> {
  const { id, ...rest } = view;
  const type = view.type ?? 'modal';
  return {
    id,
    team_id: teamId,
    type,
    blocks: [],
    private_metadata: '',
    callback_id: '',
    state: { values: {} },
    hash: `${nowSeconds()}.${randomBytes(4).toString('hex')}`,
    title: { type: 'plain_text', text: type === 'home' ? 'Home' : 'DealDesk', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: type === 'modal' ? { type: 'plain_text', text: 'Cancel', emoji: true } : null,
    submit: type === 'modal' ? { type: 'plain_text', text: 'Submit', emoji: true } : null,
    previous_view_id: null,
    root_view_id: id,
    app_id: apiAppId,
    external_id: '',
    app_installed_team_id: teamId,
    bot_id: SLACK_DEFAULTS.botId,
    ...rest,
  };
}

/**
 * `state.values` from a compact description: a string becomes a plain_text_input value, an object is used
 * as is (e.g. `{ type: 'static_select', selected_option: { text: {...}, value: 'q4' } }`).
 */
export function stateValues(values: Record<string, Record<string, string | Record<string, unknown>>>): ViewStateValues {
  const out: ViewStateValues = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const block: Record<string, Record<string, unknown>> = {};
    for (const [actionId, value] of Object.entries(actions)) {
      block[actionId] = typeof value === 'string' ? { type: 'plain_text_input', value } : value;
    }
    out[blockId] = block;
  }
  return out;
}

export type BlockActionOptions = {
  user: SlackUserRef;
  team?: SlackTeamRef;
  actions: BlockActionInput[];
  trigger_id?: string;
  /** Present for actions in messages; Slack omits it for actions in modals and the Home tab. */
  response_url?: string;
  /** Derived from `message`/`view`/`channel` when omitted. */
  container?: Record<string, unknown>;
  /** The message the button was in (needs at least `ts`). */
  message?: { ts: string; text?: string; blocks?: unknown[]; [key: string]: unknown };
  /** The modal or Home view the button was in. */
  view?: ViewInput;
  channel?: { id: string; name?: string };
  state?: { values: ViewStateValues };
  api_app_id?: string;
  token?: string;
};

/** A `block_actions` payload (routed by Bolt to `app.action(action_id)`). */
export function blockActionPayload(options: BlockActionOptions): Record<string, unknown> {
  const team = teamObject(options.team);
  const apiAppId = options.api_app_id ?? SLACK_DEFAULTS.apiAppId;
  const actionTs = (Date.now() / 1000).toFixed(6);
  const actions = options.actions.map((a) => ({
    type: 'button',
    block_id: a.block_id ?? randomBytes(3).toString('base64url'),
    action_ts: actionTs,
    ...(a.type === undefined || a.type === 'button'
      ? { text: a.text ?? { type: 'plain_text', text: a.value ?? a.action_id, emoji: true } }
      : {}),
    ...a,
  }));
  const view = options.view === undefined ? undefined : viewObject(options.view, team.id, apiAppId);
  const channel = options.channel === undefined ? undefined : { id: options.channel.id, name: options.channel.name ?? 'general' };
  const container =
    options.container ??
    (view !== undefined
      ? { type: 'view', view_id: view.id }
      : options.message !== undefined
        ? { type: 'message', message_ts: options.message.ts, channel_id: channel?.id, is_ephemeral: false }
        : { type: 'message', is_ephemeral: true, channel_id: channel?.id });
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: userObject(options.user, team.id),
    api_app_id: apiAppId,
    token: options.token ?? SLACK_DEFAULTS.verificationToken,
    container,
    trigger_id: options.trigger_id ?? fakeTriggerId(),
    team,
    enterprise: null,
    is_enterprise_install: false,
  };
  if (channel !== undefined) payload.channel = channel;
  if (options.message !== undefined) {
    payload.message = { type: 'message', user: SLACK_DEFAULTS.botUserId, bot_id: SLACK_DEFAULTS.botId, text: '', ...options.message };
  }
  if (view !== undefined) payload.view = view;
  if (options.state !== undefined) payload.state = options.state;
  else if (view !== undefined) payload.state = view.state;
  if (options.response_url !== undefined) payload.response_url = options.response_url;
  payload.actions = actions;
  return payload;
}

/** Form-encoded `payload=<json>` of a block action. */
export function blockActionBody(options: BlockActionOptions): string {
  return interactivityBody(blockActionPayload(options));
}

export type ViewSubmissionOptions = {
  user: SlackUserRef;
  team?: SlackTeamRef;
  view: ViewInput & { callback_id: string };
  trigger_id?: string;
  /** Only for modals with `response_url_enabled` inputs. */
  response_urls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
  api_app_id?: string;
  token?: string;
};

export type ViewClosedOptions = Omit<ViewSubmissionOptions, 'trigger_id' | 'response_urls'>;

/** What `view_submission` and `view_closed` payloads share, with `extra` before the enterprise fields. */
function viewPayload(
  type: 'view_submission' | 'view_closed',
  options: ViewClosedOptions,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const team = teamObject(options.team);
  const apiAppId = options.api_app_id ?? SLACK_DEFAULTS.apiAppId;
  return {
    type,
    team,
    user: userObject(options.user, team.id),
    api_app_id: apiAppId,
    token: options.token ?? SLACK_DEFAULTS.verificationToken,
    view: viewObject(options.view, team.id, apiAppId),
    ...extra,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `view_submission` payload (routed by Bolt to `app.view(callback_id)`). */
export function viewSubmissionPayload(options: ViewSubmissionOptions): Record<string, unknown> {
  return viewPayload('view_submission', options, {
    trigger_id: options.trigger_id ?? fakeTriggerId(),
    response_urls: options.response_urls ?? [],
  });
}

/** Form-encoded `payload=<json>` of a view submission. */
export function viewSubmissionBody(options: ViewSubmissionOptions): string {
  return interactivityBody(viewSubmissionPayload(options));
}

// ---------------------------------------------------------------- Events API

export type EventEnvelopeOptions = {
  team_id?: string;
  event_id?: string;
  api_app_id?: string;
  event_time?: number;
  /** The installation the event is delivered for; Bolt takes team_id from authorizations[0]. */
  bot_user_id?: string;
  token?: string;
};

/** An `event_callback` envelope (routed by Bolt to `app.event(event.type)`). */
export function eventPayload(
  event: Record<string, unknown> & { type: string },
  options: EventEnvelopeOptions = {},
): Record<string, unknown> {
  const teamId = options.team_id ?? SLACK_DEFAULTS.teamId;
  const eventTime = options.event_time ?? nowSeconds();
  return {
    token: options.token ?? SLACK_DEFAULTS.verificationToken,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: options.api_app_id ?? SLACK_DEFAULTS.apiAppId,
    event: { event_ts: `${eventTime}.000100`, ...event },
    type: 'event_callback',
    event_id: options.event_id ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: options.bot_user_id ?? SLACK_DEFAULTS.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  };
}

/** JSON body of an Events API request. */
export function eventBody(event: Record<string, unknown> & { type: string }, options: EventEnvelopeOptions = {}): string {
  return JSON.stringify(eventPayload(event, options));
}

/** An `app_home_opened` event (Slack sends it each time the user opens the app's Home or Messages tab). */
export function appHomeOpenedEvent(
  user: string,
  options: { channel?: string; tab?: 'home' | 'messages'; view?: Record<string, unknown> } = {},
): Record<string, unknown> & { type: 'app_home_opened' } {
  const event: Record<string, unknown> & { type: 'app_home_opened' } = {
    type: 'app_home_opened',
    user,
    channel: options.channel ?? `D${user.replace(/^[UW]/, '')}`,
    tab: options.tab ?? 'home',
    event_ts: (Date.now() / 1000).toFixed(6),
  };
  if (options.view !== undefined) event.view = options.view;
  return event;
}

/** The one-time `url_verification` request Slack sends when the Events URL is configured (signed, JSON). */
export function urlVerificationBody(challenge: string, token: string = SLACK_DEFAULTS.verificationToken): string {
  return JSON.stringify({ token, challenge, type: 'url_verification' });
}
