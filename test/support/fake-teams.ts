// A local stand-in for the Bot Framework connector of Microsoft Teams, plus builders of the activities
// Teams sends. The bot's replies arrive here because each activity's `serviceUrl` points at this server:
//
//   const connector = await startFakeConnector();
//   await post(botUrl, messageActivity({ serviceUrl: connector.url, user: ALICE, text: 'pipeline' }));
//   connector.calls  // [{ kind: 'reply', conversationId, replyToId, body: { attachments: [card] } }]
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { closeServer, listenLocally } from './local-server.js';

export type ConnectorCall = {
  kind: 'reply' | 'send' | 'update' | 'other';
  method: string;
  path: string;
  conversationId: string;
  /** reply: the activity answered; update: the activity replaced. */
  activityId?: string;
  /** The id the fake gave the posted activity. */
  id?: string;
  authorization?: string;
  body: Record<string, unknown>;
};

/** A person in the tenant as the connector's member lookup returns them (a TeamsChannelAccount). */
export type ConnectorMember = {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
};

export type ConnectorUpload = { path: string; contentRange?: string; bytes: Buffer };

export type FakeConnector = {
  url: string;
  calls: ConnectorCall[];
  /** Who `GET /v3/conversations/{id}/members/{userId}` knows, by Teams user id (`29:…`); add people at will. */
  members: Map<string, ConnectorMember>;
  /** Index to pass to `since` so a wait only sees calls made after it. */
  mark(): number;
  waitFor(predicate: (call: ConnectorCall) => boolean, options?: { timeoutMs?: number; since?: number }): Promise<ConnectorCall>;
  /**
   * Serves a file at a pre-authenticated, short-lived URL, as SharePoint does for a file a person attached
   * in Teams (`content.downloadUrl` of a `file.download.info` attachment).
   */
  serveFile(name: string, content: string | Uint8Array): string;
  /** The paths of the served files fetched so far. */
  downloads: string[];
  /** A OneDrive upload session URL, as Teams puts in a file consent invoke's `uploadInfo.uploadUrl`. */
  uploadUrl(name: string): string;
  /** The PUTs to upload URLs: the bytes and the Content-Range header they came with. */
  uploads: ConnectorUpload[];
  close(): Promise<void>;
};

export async function startFakeConnector(options: { members?: readonly ConnectorMember[] } = {}): Promise<FakeConnector> {
  const calls: ConnectorCall[] = [];
  const members = new Map((options.members ?? []).map((member) => [member.id, member]));
  const waiters = new Set<() => void>();
  let next = 1;
  const files = new Map<string, Buffer>();
  const downloads: string[] = [];
  const uploads: ConnectorUpload[] = [];
  const server = http.createServer((req, res) => {
    if (req.method === 'PUT' && (req.url ?? '').startsWith('/upload/')) {
      const parts: Buffer[] = [];
      req.on('data', (chunk: Buffer) => parts.push(chunk));
      req.on('end', () => {
        const bytes = Buffer.concat(parts);
        const contentRange = req.headers['content-range'];
        uploads.push({ path: (req.url ?? '').split('?')[0] ?? '', bytes, ...(contentRange ? { contentRange } : {}) });
        for (const wake of waiters) wake();
        // OneDrive answers the last fragment of an upload session with the created item.
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: randomUUID(), size: bytes.byteLength }));
      });
      return;
    }
    const file = req.method === 'GET' ? files.get((req.url ?? '').split('?')[0] ?? '') : undefined;
    if (file) {
      downloads.push((req.url ?? '').split('?')[0] ?? '');
      for (const wake of waiters) wake();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.byteLength });
      res.end(file);
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = { raw };
      }
      const path = (req.url ?? '').split('?')[0] ?? '';
      const memberLookup = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path);
      if (memberLookup && req.method === 'GET') {
        // TeamsInfo.getMember: the team's (or chat's) member, 404 as Teams answers for someone not in it.
        const member = members.get(decodeURIComponent(memberLookup[2] ?? ''));
        calls.push({ kind: 'other', method: 'GET', path, conversationId: decodeURIComponent(memberLookup[1] ?? ''), body: {} });
        for (const wake of waiters) wake();
        res.writeHead(member ? 200 : 404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            member ?? { error: { code: 'MemberNotFoundInConversation', message: 'The member could not be found in the conversation.' } },
          ),
        );
        return;
      }
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path);
      const conversationId = match?.[1] ? decodeURIComponent(match[1]) : '';
      // A reply names the activity it answers in the path or, as the Teams SDK sends it, in the body.
      const replyToId = req.method === 'POST' && typeof body.replyToId === 'string' ? body.replyToId : undefined;
      const activityId = match?.[2] ? decodeURIComponent(match[2]) : replyToId;
      const kind: ConnectorCall['kind'] = !match
        ? 'other'
        : req.method === 'PUT'
          ? 'update'
          : req.method === 'POST'
            ? activityId
              ? 'reply'
              : 'send'
            : 'other';
      const id = kind === 'update' ? activityId : kind === 'other' ? undefined : `bot-activity-${next++}`;
      calls.push({
        kind,
        method: req.method ?? '',
        path,
        conversationId,
        ...(activityId ? { activityId } : {}),
        ...(id ? { id } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      });
      for (const wake of waiters) wake();
      res.writeHead(kind === 'other' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(kind === 'other' ? { error: { code: 'NotFound', message: `fake connector has no ${req.method} ${path}` } } : { id }),
      );
    });
  });
  const { baseUrl } = await listenLocally(server);
  return {
    url: `${baseUrl}/`,
    calls,
    members,
    mark: () => calls.length,
    serveFile(name, content) {
      const path = `/files/${randomUUID()}/${encodeURIComponent(name)}`;
      files.set(path, Buffer.from(content));
      return `${baseUrl}${path}?tempauth=${randomUUID()}`;
    },
    downloads,
    uploadUrl: (name) => `${baseUrl}/upload/${randomUUID()}/${encodeURIComponent(name)}`,
    uploads,
    waitFor(predicate, options = {}) {
      const since = options.since ?? 0;
      const timeoutMs = options.timeoutMs ?? 5000;
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = calls.slice(since).find(predicate);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(
              `fake connector: no matching call within ${timeoutMs} ms; calls: ${JSON.stringify(calls.slice(since).map((c) => `${c.method} ${c.path}`))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(wake);
        check();
      });
    },
    close: () => closeServer(server),
  };
}

// --- Activities ------------------------------------------------------------------------------------

export const BOT = { id: '28:dealdesk-bot', name: 'DealDesk' } as const;

export type TeamsUser = { aadObjectId: string; id: string; name: string; locale?: string; timeZone?: string };

export type Where = {
  serviceUrl: string;
  tenantId?: string;
  /** Personal chat with the user by default; `channel` for a team channel (thread of a root message). */
  conversation?: { id: string; type: 'personal' | 'channel' | 'groupChat'; teamId?: string };
  /** Activity id; a fresh one by default. */
  id?: string;
};

function base(where: Where, user: TeamsUser) {
  const tenantId = where.tenantId;
  const conversation = where.conversation ?? { id: `a:personal-${user.aadObjectId}`, type: 'personal' as const };
  return {
    id: where.id ?? `act-${randomUUID()}`,
    channelId: 'msteams',
    serviceUrl: where.serviceUrl,
    timestamp: new Date().toISOString(),
    locale: user.locale ?? 'en-US',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { ...BOT },
    conversation: {
      id: conversation.id,
      conversationType: conversation.type,
      ...(tenantId ? { tenantId } : {}),
      ...(conversation.type !== 'personal' ? { isGroup: true } : {}),
    },
    channelData: {
      ...(tenantId ? { tenant: { id: tenantId } } : {}),
      ...(conversation.type === 'channel'
        ? { team: { id: conversation.teamId ?? '19:team@thread.tacv2' }, channel: { id: conversation.id.split(';')[0] } }
        : {}),
    },
    entities: [
      {
        type: 'clientInfo',
        locale: user.locale ?? 'en-US',
        country: 'US',
        platform: 'Web',
        ...(user.timeZone ? { timezone: user.timeZone } : {}),
      },
    ],
  };
}

/**
 * A message to the bot; in a channel the text starts with the bot's @mention, as Teams sends it. People
 * mentioned in `text` as `<at>Name</at>` need a `mentions` entry (their Teams user id), as Teams adds an entity each.
 */
export function messageActivity(
  where: Where,
  user: TeamsUser,
  text: string,
  options: { mention?: boolean; mentions?: readonly { id: string; name: string }[] } = {},
) {
  const activity = base(where, user);
  const mention = options.mention ?? activity.conversation.conversationType !== 'personal';
  const mentionText = `<at>${BOT.name}</at>`;
  const people = (options.mentions ?? []).map((person) => ({ type: 'mention', text: `<at>${person.name}</at>`, mentioned: { ...person } }));
  return {
    ...activity,
    type: 'message',
    textFormat: 'plain',
    text: mention ? `${mentionText} ${text}` : text,
    entities: [...activity.entities, ...(mention ? [{ type: 'mention', text: mentionText, mentioned: { ...BOT } }] : []), ...people],
  };
}

/** A file attached to a message, as Teams sends it to a bot in a personal chat. */
export function fileDownloadInfo(name: string, downloadUrl: string) {
  const fileType = name.includes('.') ? (name.split('.').pop() ?? '') : '';
  return {
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    contentUrl: `https://contoso-my.sharepoint.com/personal/alice/Documents/Microsoft%20Teams%20Chat%20Files/${encodeURIComponent(name)}`,
    name,
    content: { downloadUrl, uniqueId: randomUUID(), fileType },
  };
}

/** A message with attachments (files, or what the Emulator sends inline). */
export function messageWithAttachments(where: Where, user: TeamsUser, text: string, attachments: Record<string, unknown>[]) {
  return { ...messageActivity(where, user, text), attachments };
}

/** A press of an Action.Execute button: `adaptiveCard/action` invoke on the message `replyToId`. */
export function invokeActivity(
  where: Where,
  user: TeamsUser,
  action: { verb: string; data: Record<string, unknown> },
  replyToId: string,
  trigger: 'manual' | 'automatic' = 'manual',
) {
  return {
    ...base(where, user),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: { action: { type: 'Action.Execute', id: randomUUID(), verb: action.verb, data: action.data }, trigger },
    channelData: { ...base(where, user).channelData, source: { name: 'message' } },
  };
}

/** An Action.Submit from a client without Universal Actions: a message whose value is the button's data. */
export function submitActivity(where: Where, user: TeamsUser, data: Record<string, unknown>, replyToId: string) {
  return { ...base(where, user), type: 'message', replyToId, value: data };
}

/** The person pressed Accept or Decline on a file consent card: the card's context comes back, with where to upload on Accept. */
export function fileConsentActivity(
  where: Where,
  user: TeamsUser,
  answer: { action: 'accept' | 'decline'; context: unknown; uploadInfo?: Record<string, unknown> },
  replyToId: string,
) {
  return {
    ...base(where, user),
    type: 'invoke',
    name: 'fileConsent/invoke',
    replyToId,
    value: {
      type: 'fileUpload',
      action: answer.action,
      context: answer.context,
      ...(answer.uploadInfo ? { uploadInfo: answer.uploadInfo } : {}),
    },
  };
}

/** The bot was added to a personal chat or a team (install). */
export function installActivity(where: Where, user: TeamsUser) {
  return {
    ...base(where, user),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    channelData: { ...base(where, user).channelData, eventType: 'teamMemberAdded' },
  };
}

// --- Cards -------------------------------------------------------------------------------------------

export type Card = Record<string, unknown>;
export type FoundAction = {
  title: string;
  verb: string;
  data: Record<string, unknown>;
  inputId?: string;
  fallback?: Record<string, unknown>;
};

/** Every Action.Execute of a card (inside ShowCards too), in reading order. */
export function actionsIn(card: unknown): FoundAction[] {
  const found: FoundAction[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute') {
      const data = (record.data ?? {}) as Record<string, unknown>;
      found.push({
        title: String(record.title),
        verb: String(record.verb),
        data,
        ...(typeof data.inputId === 'string' ? { inputId: data.inputId } : {}),
        ...(record.fallback ? { fallback: record.fallback as Record<string, unknown> } : {}),
      });
      return;
    }
    for (const [key, child] of Object.entries(record)) if (key !== 'refresh' && typeof child === 'object') visit(child);
  };
  visit(card);
  return found;
}

export function action(card: unknown, title: string): FoundAction {
  const all = actionsIn(card);
  const found = all.find((a) => a.title === title);
  if (!found) throw new Error(`No button "${title}" on the card; buttons: ${all.map((a) => a.title).join(', ')}`);
  return found;
}

/** The ids of a card's inputs (a form card's fields). */
export function inputIdsIn(card: unknown): string[] {
  const ids: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string') ids.push(record.id);
    for (const child of Object.values(record)) if (typeof child === 'object') visit(child);
  };
  visit(card);
  return ids;
}

/** All visible text of a card, for `toContain` checks. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder', 'errorMessage'])
      if (typeof record[key] === 'string') parts.push(record[key]);
    for (const [key, child] of Object.entries(record)) if (key !== 'data' && typeof child === 'object') visit(child);
  };
  visit(card);
  return parts.join('\n');
}

/** The Adaptive Card an activity carries, if any. */
export function cardOf(activity: Record<string, unknown>): Card | undefined {
  const attachments = activity.attachments as { contentType?: string; content?: Card }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}
