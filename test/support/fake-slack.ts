// A local imitation of Slack's Web API (and of response_url endpoints) for adapter tests.
//
//   const fake = await startFakeSlack({ users: { U1: { name: 'alice', tz: 'America/New_York', locale: 'en-US' } } });
//   const app = new App({ token: 'xoxb-test', signingSecret, clientOptions: { slackApiUrl: fake.apiUrl } });
//   ...
//   const call = await fake.waitForCall('chat.postMessage', (c) => c.body.channel === 'C1');
//   afterEach(() => expect(fake.limitViolations).toEqual([]));
//
// Answers follow Slack's documented response shapes. Deliberately Slack-like details:
// - `users.info` only includes `locale` when the request sets `include_locale: true` (as Slack does);
// - `chat.postEphemeral` answers `{ ok, message_ts }` (no `channel`/`ts`);
// - a message posted to a user id (U…) lands in that user's DM channel (D…), as with Slack;
// - xapp- (app-level) tokens only work for `apps.connections.open`, bot tokens not for it
//   (`not_allowed_token_type`); no token at all gives `not_authed`.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EventEmitter } from 'node:events';
import { createHash, randomBytes } from 'node:crypto';
import { checkBlockKitLimits } from './block-kit-limits.js';
import { SLACK_DEFAULTS } from './slack-requests.js';
import { closeServer, listenLocally, waitForChange } from './local-server.js';

export type FakeUser = {
  /** Handle (Slack's `name`); defaults to the lower-cased id. */
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  /** IANA zone, e.g. 'America/New_York'; tz_offset (seconds) and tz_label are derived from it. */
  tz?: string;
  tz_offset?: number;
  /** e.g. 'en-US', 'zh-CN'; only returned when the caller passes include_locale=true. */
  locale?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
};

export type FakeTeam = { id: string; name: string; domain?: string };

/** How the next call(s) of a method fail. */
export type FakeFailure =
  { status: 429; retryAfter?: number } | { status: 500 | 502 | 503 | 504 } | { error: string; extra?: Record<string, unknown> };

export type FakeSlackCall = {
  method: string;
  /** Form fields (JSON-looking fields such as blocks/view/attachments parsed) or the JSON body. */
  body: Record<string, unknown>;
  token?: string;
  at: number;
  contentType?: string;
  /** HTTP status and JSON the fake answered with. */
  status: number;
  result: unknown;
};

export type FakeResponse = { id: string; body: unknown; at: number };

export type LimitViolation = { method: string; violations: string[] };

/** A file someone uploaded to Slack (e.g. in a modal's file input), served by files.info and its private URL. */
export type FakeFile = { name: string; content: string | Uint8Array; mimetype?: string; filetype?: string; size?: number };

/** A GET of a file's url_private_download, with the Authorization header it carried. */
export type FakeDownload = { fileId: string; authorization?: string; served: boolean };

/** A file the bot uploaded with Slack's external flow: files.getUploadURLExternal, the bytes, files.completeUploadExternal. */
export type FakeUpload = {
  fileId: string;
  filename: string;
  length: number;
  bytes?: Buffer;
  /** Set by files.completeUploadExternal; without `channelId` the file is private, posted nowhere (chart images). */
  completed?: { channelId?: string; title?: string };
};

export type MethodHandler = (call: Omit<FakeSlackCall, 'status' | 'result'>) => Record<string, unknown>;

export type FakeSlackOptions = {
  /** users.info answers, keyed by user id. */
  users?: Record<string, FakeUser>;
  team?: FakeTeam;
  botUserId?: string;
  botId?: string;
  /** The bot's handle (auth.test `user`). */
  botName?: string;
  /** If set, only these tokens are accepted (others get invalid_auth). */
  tokens?: string[];
  /** What apps.connections.open returns (a fake-socket-mode URL); can also be set later via `fake.socketUrl`. */
  socketUrl?: string;
  /** Failures queued before the first call, per method (use 'response_url' for the respond endpoints). */
  failNext?: Record<string, FakeFailure | FakeFailure[]>;
};

export type FakeSlack = {
  /** 'http://127.0.0.1:<port>/api/' — pass as `clientOptions.slackApiUrl`. */
  apiUrl: string;
  baseUrl: string;
  calls: FakeSlackCall[];
  responses: FakeResponse[];
  limitViolations: LimitViolation[];
  users: Record<string, FakeUser>;
  team: Required<FakeTeam>;
  botUserId: string;
  botId: string;
  socketUrl: string | undefined;
  callsTo(method: string): FakeSlackCall[];
  /** Index to pass as `since` so only later calls count. */
  mark(): number;
  waitForCall(method: string, predicate?: (call: FakeSlackCall) => boolean, timeoutMs?: number, since?: number): Promise<FakeSlackCall>;
  /** A response_url served by this fake; POSTs to it land in `responses`. */
  responseUrl(name?: string): string;
  waitForResponse(id?: string, timeoutMs?: number, since?: number): Promise<FakeResponse>;
  /** The next `times` calls of `method` fail (method 'response_url' for respond endpoints). */
  failNext(method: string, failure: FakeFailure, times?: number): void;
  /** The next call of `method` waits for the returned function to be called (a slow Slack). */
  holdNext(method: string): () => void;
  /** Override or add a method's answer (`ok: true` is added unless the handler sets `ok`). */
  handle(method: string, handler: MethodHandler): void;
  /** Stores an uploaded file; returns its id (F…), as a file_input's `files[].id` gives it. */
  addFile(file: FakeFile): string;
  /** Downloads of files' private URLs, in order. */
  downloads: FakeDownload[];
  /** Files the bot uploaded (external upload flow), in the order it asked for upload URLs. */
  uploads: FakeUpload[];
  /** Forget calls, responses, violations, queued failures and handlers (users and views stay). */
  reset(): void;
  close(): Promise<void>;
};

const JSON_LOOKING = /^\s*[[{]/;
const NEVER_PARSE = new Set(['text', 'markdown_text', 'fallback', 'title', 'initial_comment']);

function parseFormFields(params: URLSearchParams): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of params) {
    let parsed: unknown = value;
    if (!NEVER_PARSE.has(key) && JSON_LOOKING.test(value)) {
      try {
        parsed = JSON.parse(value);
      } catch {
        parsed = value;
      }
    }
    body[key] = parsed;
  }
  return body;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseRequestBody(req: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  const contentType = (req.headers['content-type'] ?? '').toLowerCase();
  const fromQuery = parseFormFields(url.searchParams);
  if (raw.length === 0) return fromQuery;
  if (contentType.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return { ...fromQuery, ...(typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : { _json: parsed }) };
  }
  // Only file uploads are multipart, and DealDesk uploads no files: say so rather than misread one.
  if (contentType.includes('multipart/form-data')) throw new Error('fake Slack: multipart/form-data (file uploads) is not supported');
  return { ...fromQuery, ...parseFormFields(new URLSearchParams(raw.toString('utf8'))) };
}

/** The content of the first part of a multipart/form-data body that carries a file (`filename=`); empty if none. */
function multipartFile(raw: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const delimiter = Buffer.from(`--${boundary?.[1] ?? boundary?.[2] ?? ''}`);
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const headersEnd = raw.indexOf('\r\n\r\n', at);
    const next = raw.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headersEnd);
    if (headersEnd < 0 || next < 0) break;
    if (/filename=/i.test(raw.subarray(at, headersEnd).toString('utf8'))) return raw.subarray(headersEnd + 4, next);
    at = next + 2;
  }
  return Buffer.alloc(0);
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function tzInfo(tz: string, at: Date = new Date()): { tz_offset: number; tz_label: string } {
  try {
    const offsetName =
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offsetName);
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
    const label =
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName')
        ?.value ?? tz;
    return { tz_offset: offset, tz_label: label };
  } catch {
    return { tz_offset: 0, tz_label: 'Coordinated Universal Time' };
  }
}

function shortId(prefix: string, seed: string): string {
  return prefix + createHash('sha1').update(seed).digest('hex').slice(0, 9).toUpperCase();
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`Slack answers ${status}: ${JSON.stringify(body)}`);
    this.name = 'HttpFailure';
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const team: Required<FakeTeam> = {
    id: options.team?.id ?? SLACK_DEFAULTS.teamId,
    name: options.team?.name ?? 'Acme Sales',
    domain: options.team?.domain ?? SLACK_DEFAULTS.teamDomain,
  };
  const botUserId = options.botUserId ?? SLACK_DEFAULTS.botUserId;
  const botId = options.botId ?? SLACK_DEFAULTS.botId;
  const botName = options.botName ?? 'dealdesk';
  const users: Record<string, FakeUser> = { ...options.users };
  const failures = new Map<string, FakeFailure[]>();
  const holds = new Map<string, Promise<void>[]>();
  const holdNext = (method: string): (() => void) => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    holds.set(method, [...(holds.get(method) ?? []), held]);
    return release;
  };
  const handlers = new Map<string, MethodHandler>();
  const views = new Map<string, { view: Record<string, unknown>; hash: string }>();
  const homeViewIds = new Map<string, string>();
  const files = new Map<string, FakeFile & { bytes: Buffer }>();
  let tsCounter = 0;
  let viewCounter = 0;
  let responseCounter = 0;

  const queueFailure = (method: string, failure: FakeFailure, times = 1): void => {
    const queue = failures.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(failure);
    failures.set(method, queue);
  };
  for (const [method, f] of Object.entries(options.failNext ?? {})) {
    for (const failure of Array.isArray(f) ? f : [f]) queueFailure(method, failure);
  }

  const nextTs = (): string => {
    tsCounter += 1;
    const micros = tsCounter * 100;
    return `${1_700_000_000 + Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  };
  const newHash = (): string => `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;
  const newViewId = (): string => {
    viewCounter += 1;
    return `V${String(viewCounter).padStart(10, '0')}`;
  };
  const dmChannelFor = (userId: string): string => shortId('D', `${team.id}:${userId}`);
  const resolveChannel = (channel: string): string => (/^[UW]/.test(channel) ? dmChannelFor(channel) : channel);

  function fail(error: string, extra: Record<string, unknown> = {}): never {
    throw new HttpFailure(200, { ok: false, error, ...extra });
  }

  const userObject = (id: string, includeLocale: boolean): Record<string, unknown> | undefined => {
    const isBot = id === botUserId;
    const u: FakeUser | undefined = isBot ? { name: botName, real_name: 'DealDesk', is_bot: true, tz: 'UTC' } : users[id];
    if (u === undefined) return undefined;
    const name = u.name ?? id.toLowerCase();
    const realName = u.real_name ?? name;
    const tz = u.tz ?? 'America/Los_Angeles';
    const info = tzInfo(tz);
    const user: Record<string, unknown> = {
      id,
      team_id: team.id,
      name,
      deleted: u.deleted ?? false,
      color: '9f69e7',
      real_name: realName,
      tz,
      tz_label: info.tz_label,
      tz_offset: u.tz_offset ?? info.tz_offset,
      profile: {
        real_name: realName,
        real_name_normalized: realName,
        display_name: u.display_name ?? '',
        display_name_normalized: u.display_name ?? '',
        email: u.email,
        team: team.id,
        ...(isBot ? { bot_id: botId } : {}),
      },
      is_admin: u.is_admin ?? false,
      is_owner: u.is_owner ?? false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      updated: 1_700_000_000,
    };
    if (includeLocale) user.locale = u.locale ?? 'en-US';
    return user;
  };

  const requireMessageContent = (body: Record<string, unknown>): void => {
    if (asString(body.text) === undefined && body.blocks === undefined && body.attachments === undefined) fail('no_text');
  };

  const storeView = (id: string, input: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> => {
    const hash = newHash();
    const type = asString(input.type) ?? 'modal';
    const view: Record<string, unknown> = {
      id,
      team_id: team.id,
      type,
      blocks: [],
      private_metadata: '',
      callback_id: '',
      state: { values: {} },
      hash,
      clear_on_close: false,
      notify_on_close: false,
      close: null,
      submit: null,
      previous_view_id: null,
      root_view_id: id,
      app_id: SLACK_DEFAULTS.apiAppId,
      external_id: '',
      app_installed_team_id: team.id,
      bot_id: botId,
      ...input,
      ...extra,
    };
    view.hash = hash;
    view.id = id;
    views.set(id, { view, hash });
    return view;
  };

  const requireView = (body: Record<string, unknown>, type?: 'modal' | 'home'): Record<string, unknown> => {
    const view = body.view;
    if (typeof view !== 'object' || view === null || Array.isArray(view))
      return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
    const v = view as Record<string, unknown>;
    if (type !== undefined && v.type !== type) {
      return fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] must be a ${type} view [json-pointer:/view/type]`] } });
    }
    return v;
  };

  const builtin: Record<string, (call: Omit<FakeSlackCall, 'status' | 'result'>) => Record<string, unknown>> = {
    'api.test': ({ body }) => ({ args: body }),
    'auth.test': () => ({
      url: `https://${team.domain}.slack.com/`,
      team: team.name,
      user: botName,
      team_id: team.id,
      user_id: botUserId,
      bot_id: botId,
      is_enterprise_install: false,
    }),
    'team.info': () => ({
      team: {
        id: team.id,
        name: team.name,
        url: `https://${team.domain}.slack.com/`,
        domain: team.domain,
        email_domain: '',
        icon: { image_default: true },
        is_verified: false,
      },
    }),
    'users.info': ({ body }) => {
      const id = asString(body.user) ?? fail('user_not_found');
      const user = userObject(id, isTrue(body.include_locale));
      return user === undefined ? fail('user_not_found') : { user };
    },
    'users.lookupByEmail': ({ body }) => {
      const email = asString(body.email);
      const entry = Object.entries(users).find(([, u]) => email !== undefined && u.email === email);
      return entry === undefined ? fail('users_not_found') : { user: userObject(entry[0], false) };
    },
    'conversations.open': ({ body }) => {
      const channel = asString(body.channel);
      if (channel !== undefined) return { channel: { id: channel }, no_op: true, already_open: true };
      const ids = (asString(body.users) ?? fail('users_list_not_supplied')).split(',').map((s) => s.trim());
      if (ids.length === 1) {
        const id = ids[0] ?? '';
        if (id !== botUserId && users[id] === undefined) fail('user_not_found');
        return { channel: { id: dmChannelFor(id) }, no_op: true, already_open: true };
      }
      return { channel: { id: shortId('G', `${team.id}:${[...ids].sort().join(',')}`) } };
    },
    'chat.postMessage': ({ body }) => {
      const channel = resolveChannel(asString(body.channel) ?? fail('channel_not_found'));
      requireMessageContent(body);
      const ts = nextTs();
      const message: Record<string, unknown> = {
        type: 'message',
        user: botUserId,
        bot_id: botId,
        app_id: SLACK_DEFAULTS.apiAppId,
        text: body.text ?? '',
        ts,
        team: team.id,
      };
      if (body.blocks !== undefined) message.blocks = body.blocks;
      if (body.thread_ts !== undefined) message.thread_ts = body.thread_ts;
      return { channel, ts, message };
    },
    'chat.postEphemeral': ({ body }) => {
      if (asString(body.channel) === undefined) fail('channel_not_found');
      if (asString(body.user) === undefined) fail('user_not_in_channel');
      requireMessageContent(body);
      return { message_ts: nextTs() };
    },
    'chat.update': ({ body }) => {
      const channel = resolveChannel(asString(body.channel) ?? fail('channel_not_found'));
      const ts = asString(body.ts) ?? fail('message_not_found');
      requireMessageContent(body);
      const message: Record<string, unknown> = { type: 'message', user: botUserId, bot_id: botId, text: body.text ?? '' };
      if (body.blocks !== undefined) message.blocks = body.blocks;
      return { channel, ts, text: body.text ?? '', message };
    },
    'chat.delete': ({ body }) => {
      const channel = resolveChannel(asString(body.channel) ?? fail('channel_not_found'));
      const ts = asString(body.ts) ?? fail('message_not_found');
      return { channel, ts };
    },
    'views.open': ({ body }) => {
      if ((asString(body.trigger_id) ?? asString(body.interactivity_pointer)) === undefined) fail('invalid_arguments');
      const input = requireView(body, 'modal');
      return { view: storeView(newViewId(), input, {}) };
    },
    'views.push': ({ body }) => {
      if ((asString(body.trigger_id) ?? asString(body.interactivity_pointer)) === undefined) fail('invalid_arguments');
      const input = requireView(body, 'modal');
      const id = newViewId();
      return { view: storeView(id, input, { root_view_id: id }) };
    },
    'views.update': ({ body }) => {
      const externalId = asString(body.external_id);
      const byExternal = externalId === undefined ? undefined : [...views.values()].find((v) => v.view.external_id === externalId);
      const id =
        asString(body.view_id) ??
        (byExternal?.view.id as string | undefined) ??
        fail(externalId === undefined ? 'invalid_arguments' : 'not_found');
      const input = requireView(body);
      const existing = views.get(id);
      const hash = asString(body.hash);
      if (existing !== undefined && hash !== undefined && hash !== existing.hash) fail('hash_conflict');
      const keep =
        existing === undefined ? {} : { root_view_id: existing.view.root_view_id, previous_view_id: existing.view.previous_view_id };
      return { view: storeView(id, { ...input, type: input.type ?? existing?.view.type ?? 'modal' }, keep) };
    },
    'views.publish': ({ body }) => {
      const userId = asString(body.user_id) ?? fail('invalid_arguments');
      const input = requireView(body, 'home');
      const id = homeViewIds.get(userId) ?? newViewId();
      homeViewIds.set(userId, id);
      const existing = views.get(id);
      const hash = asString(body.hash);
      if (existing !== undefined && hash !== undefined && hash !== existing.hash) fail('hash_conflict');
      return { view: storeView(id, input, { close: null, submit: null }) };
    },
    'files.info': ({ body }) => {
      const id = asString(body.file) ?? fail('file_not_found');
      const file = files.get(id) ?? fail('file_not_found');
      const url = `${baseUrl}/files-pri/${team.id}-${id}/${encodeURIComponent(file.name)}`;
      const download = `${baseUrl}/files-pri/${team.id}-${id}/download/${encodeURIComponent(file.name)}`;
      return {
        file: {
          id,
          created: 1_700_000_000,
          timestamp: 1_700_000_000,
          name: file.name,
          title: file.name,
          mimetype: file.mimetype ?? 'text/csv',
          filetype: file.filetype ?? 'csv',
          pretty_type: 'CSV',
          user: Object.keys(users)[0] ?? botUserId,
          mode: 'hosted',
          editable: false,
          is_external: false,
          external_type: '',
          is_public: false,
          size: file.size ?? file.bytes.byteLength,
          url_private: url,
          url_private_download: download,
          permalink: `https://${team.domain}.slack.com/files/U0/${id}/${file.name}`,
        },
        comments: [],
        response_metadata: { next_cursor: '' },
      };
    },
    'files.getUploadURLExternal': ({ body }) => {
      const filename = asString(body.filename) ?? fail('invalid_arguments');
      const length = Number(body.length);
      if (!Number.isInteger(length) || length < 1) fail('invalid_arguments');
      const fileId = `F${String(fake.uploads.length + 1).padStart(10, '0')}`;
      fake.uploads.push({ fileId, filename, length });
      return { upload_url: `${baseUrl}/upload/v1/${fileId}`, file_id: fileId };
    },
    'files.completeUploadExternal': ({ body }) => {
      const files = Array.isArray(body.files) ? (body.files as { id?: string; title?: string }[]) : fail('invalid_arguments');
      const channelId = asString(body.channel_id);
      const done = files.map(({ id, title }) => {
        const upload = fake.uploads.find((u) => u.fileId === id);
        // Slack refuses to complete a file whose bytes never arrived, or arrived with another length.
        if (upload === undefined || upload.bytes?.byteLength !== upload.length) fail('file_not_found');
        upload.completed = { ...(channelId !== undefined ? { channelId: resolveChannel(channelId) } : {}), ...(title ? { title } : {}) };
        return { id: upload.fileId, title: title ?? upload.filename };
      });
      return { files: done };
    },
    'apps.connections.open': () => {
      if (fake.socketUrl === undefined) {
        // invalid_auth makes SocketModeClient give up at once instead of retrying forever.
        return fail('invalid_auth', { warning: 'fake-slack: no socketUrl configured (startFakeSlack({ socketUrl }))' });
      }
      return { url: fake.socketUrl };
    },
  };

  const recordViolations = (method: string, body: unknown): void => {
    if (typeof body !== 'object' || body === null) return;
    const b = body as Record<string, unknown>;
    if (b.blocks === undefined && b.view === undefined) return;
    const payload: { blocks?: unknown; view?: unknown; text?: unknown } = {};
    if (b.blocks !== undefined) payload.blocks = b.blocks;
    if (b.view !== undefined) payload.view = b.view;
    if (b.text !== undefined) payload.text = b.text;
    let violations: string[];
    try {
      violations = checkBlockKitLimits(payload);
    } catch (error) {
      violations = [`checkBlockKitLimits threw: ${error instanceof Error ? error.message : String(error)}`];
    }
    if (violations.length > 0) fake.limitViolations.push({ method, violations });
  };

  const failureResponse = (failure: FakeFailure): HttpFailure => {
    if ('status' in failure) {
      if (failure.status === 429) {
        return new HttpFailure(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(failure.retryAfter ?? 1) });
      }
      return new HttpFailure(failure.status, { ok: false, error: 'fatal_error' });
    }
    return new HttpFailure(200, { ok: false, error: failure.error, ...failure.extra });
  };

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> => {
    let body: Record<string, unknown>;
    try {
      body = await parseRequestBody(req, url);
    } catch {
      send(res, 200, { ok: false, error: 'invalid_json' });
      return;
    }
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : asString(body.token);
    const base: Omit<FakeSlackCall, 'status' | 'result'> = { method, body, at: Date.now() };
    if (token !== undefined) base.token = token;
    if (req.headers['content-type'] !== undefined) base.contentType = req.headers['content-type'];

    let status = 200;
    let result: Record<string, unknown>;
    let headers: Record<string, string> = {};
    const held = holds.get(method)?.shift();
    if (held) await held;
    try {
      const failure = failures.get(method)?.shift();
      if (failure !== undefined) throw failureResponse(failure);
      const custom = handlers.get(method);
      const impl = builtin[method];
      if (custom === undefined && impl === undefined) fail('unknown_method');
      if (token === undefined) fail('not_authed');
      if (options.tokens !== undefined && !options.tokens.includes(token)) fail('invalid_auth');
      if (custom !== undefined) {
        result = { ok: true, ...custom(base) };
      } else {
        const isAppToken = token.startsWith('xapp-');
        if (method === 'apps.connections.open' ? !isAppToken : isAppToken) fail('not_allowed_token_type');
        result = { ok: true, ...(impl as NonNullable<typeof impl>)(base) };
      }
    } catch (error) {
      if (!(error instanceof HttpFailure)) throw error;
      status = error.status;
      result = error.body;
      headers = error.headers;
    }
    const call: FakeSlackCall = { ...base, status, result };
    fake.calls.push(call);
    recordViolations(method, body);
    events.emit('change');
    send(res, status, result, headers);
  };

  const handleRespond = async (req: IncomingMessage, res: ServerResponse, id: string): Promise<void> => {
    const raw = (await readBody(req)).toString('utf8');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const failure = failures.get('response_url')?.shift();
    fake.responses.push({ id, body, at: Date.now() });
    recordViolations(`response_url:${id}`, body);
    events.emit('change');
    if (failure !== undefined) {
      const f = failureResponse(failure);
      send(res, f.status === 200 ? 404 : f.status, f.body, f.headers);
      return;
    }
    send(res, 200, { ok: true });
  };

  // Like Slack, a private file URL without a valid bot token answers a sign-in page (200, HTML), not the file.
  const handleDownload = (req: IncomingMessage, res: ServerResponse, fileId: string): void => {
    const file = files.get(fileId);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    const served = file !== undefined && token !== undefined && token.startsWith('xoxb-') && (options.tokens?.includes(token) ?? true);
    fake.downloads.push({ fileId, ...(auth !== undefined ? { authorization: auth } : {}), served });
    events.emit('change');
    if (file === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('file not found');
    } else if (!served) {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!DOCTYPE html><html><body>Sign in to Slack</body></html>');
    } else {
      res.writeHead(200, { 'Content-Type': file.mimetype ?? 'text/csv', 'Content-Length': file.bytes.byteLength });
      res.end(file.bytes);
    }
  };

  // The bytes POSTed to an upload URL: raw, or (as the WebClient sends them) the one file of a multipart form.
  const receiveUpload = async (req: IncomingMessage, fileId: string): Promise<number> => {
    const raw = await readBody(req);
    const entry = fake.uploads.find((u) => u.fileId === fileId);
    if (entry === undefined) return 404;
    const contentType = req.headers['content-type'] ?? '';
    entry.bytes = contentType.toLowerCase().includes('multipart/form-data') ? multipartFile(raw, contentType) : raw;
    events.emit('change');
    return 200;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const download = /^\/files-pri\/[A-Z0-9]+-([A-Z0-9]+)\/download\/[^/]+$/.exec(url.pathname);
    if (download !== null && req.method === 'GET') {
      handleDownload(req, res, download[1] ?? '');
      return;
    }
    const upload = /^\/upload\/v1\/(F\d+)$/.exec(url.pathname);
    if (upload !== null && req.method === 'POST') {
      receiveUpload(req, upload[1] ?? '')
        .then((status) => {
          res.writeHead(status, { 'Content-Type': 'text/plain' });
          res.end(status === 200 ? 'OK' : 'upload not found');
        })
        .catch((error: unknown) => send(res, 500, { ok: false, error: 'fake_slack_error', detail: String(error) }));
      return;
    }
    const api = /^\/api\/([A-Za-z0-9_.]+)$/.exec(url.pathname);
    const respond = /^\/respond\/([^/]+)$/.exec(url.pathname);
    let work: Promise<void>;
    if (api !== null && (req.method === 'POST' || req.method === 'GET')) work = handleApi(req, res, url, api[1] ?? '');
    else if (respond !== null && req.method === 'POST') work = handleRespond(req, res, decodeURIComponent(respond[1] ?? ''));
    else {
      send(res, 404, { ok: false, error: 'not_found' });
      return;
    }
    work.catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { ok: false, error: 'fake_slack_error', detail: String(error) });
    });
  });
  const { baseUrl } = await listenLocally(server);

  const waitFor = <T>(find: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> =>
    waitForChange(events, find, timeoutMs, describe, 'fake-slack');

  const fake: FakeSlack = {
    apiUrl: `${baseUrl}/api/`,
    baseUrl,
    calls: [],
    responses: [],
    limitViolations: [],
    users,
    team,
    botUserId,
    botId,
    socketUrl: options.socketUrl,
    callsTo: (method) => fake.calls.filter((c) => c.method === method),
    mark: () => fake.calls.length,
    waitForCall: (method, predicate, timeoutMs = 5000, since = 0) =>
      waitFor(
        () => fake.calls.slice(since).find((c) => c.method === method && (predicate === undefined || predicate(c))),
        timeoutMs,
        () =>
          `a ${method} call${predicate ? ' matching the predicate' : ''}; calls so far: ${
            fake.calls
              .map(
                (c) =>
                  `${c.method}${c.result && (c.result as { ok?: boolean }).ok === false ? `(${String((c.result as { error?: unknown }).error)})` : ''}`,
              )
              .join(', ') || 'none'
          }`,
      ),
    responseUrl: (name) => {
      responseCounter += 1;
      const id = name ?? `R${String(responseCounter).padStart(4, '0')}`;
      return `${baseUrl}/respond/${encodeURIComponent(id)}`;
    },
    waitForResponse: (id, timeoutMs = 5000, since = 0) =>
      waitFor(
        () => fake.responses.slice(since).find((r) => id === undefined || r.id === id),
        timeoutMs,
        () =>
          `a response_url POST${id === undefined ? '' : ` to ${id}`}; responses so far: ${fake.responses.map((r) => r.id).join(', ') || 'none'}`,
      ),
    failNext: queueFailure,
    holdNext,
    handle: (method, handler) => {
      handlers.set(method, handler);
    },
    addFile: (file) => {
      const id = shortId('F', `${team.id}:${files.size}:${file.name}`);
      files.set(id, { ...file, bytes: Buffer.from(file.content) });
      return id;
    },
    downloads: [],
    uploads: [],
    reset: () => {
      fake.calls.length = 0;
      fake.responses.length = 0;
      fake.limitViolations.length = 0;
      fake.downloads.length = 0;
      fake.uploads.length = 0;
      failures.clear();
      handlers.clear();
    },
    close: () => closeServer(server),
  };
  return fake;
}
