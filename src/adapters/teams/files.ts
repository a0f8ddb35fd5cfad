import type { CommandContext } from '../../commands/context.js';
import { execute } from '../../commands/execute.js';
import { claimRequest } from '../../store/processed-requests.js';
import type { Db } from '../../store/db.js';
import type { Logger } from '../../logger.js';
import { t } from '../../i18n/index.js';
import { activityKey } from './dedupe.js';
import type { ProactiveTarget, Sent } from './proactive.js';
import type { OutgoingActivity } from './render.js';
import type { Turn, TurnIO } from './turn.js';

/**
 * Files on Teams. A bot may send a file only in a personal chat, and only after the person agrees: it
 * posts a FileConsentCard (name, size); on Accept, Teams sends a `fileConsent/invoke` with an upload URL
 * in the person's OneDrive, the bot PUTs the bytes there and posts a FileInfoCard that opens the file.
 *
 * Nothing is kept in memory meanwhile: the card's acceptContext carries the command line, and on Accept
 * the export is run again for the person who accepted, with their rights at that moment. A restart or
 * another replica loses nothing; the file shows the data as it is when they accept.
 */
export const FILE_CONSENT = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO = 'application/vnd.microsoft.teams.card.file.info';

/** Only exports are run again from a card: the context comes back from the client and could be anything. */
const EXPORT_LINE = /^\/?dealdesk\s+export\s/i;

type Offer = { command: string; name: string };

/** What Teams sends when the person answers a file consent card (`fileConsent/invoke`'s value). */
type FileConsentResponse = {
  action?: string;
  context?: unknown;
  uploadInfo?: { uploadUrl?: string; contentUrl?: string; name?: string; uniqueId?: string; fileType?: string };
};

/** Sends an activity (not only an Adaptive Card) to a member's personal chat or a conversation, channel threads included. */
export type ActivitySender = (target: ProactiveTarget, activity: OutgoingActivity) => Promise<Sent | null>;

/**
 * Offers an exported file in the person's personal chat. Typed in a channel or group chat, the
 * conversation is told that files come in the personal chat (or that they must open it first: Teams
 * lets no bot write to someone who never opened a chat with it).
 */
export async function offerFile(
  send: ActivitySender,
  ctx: CommandContext,
  file: { name: string; content: Uint8Array },
  line: string,
): Promise<void> {
  if (!EXPORT_LINE.test(`${line.trim()} `)) return;
  const locale = ctx.actor.locale;
  const offer: Offer = { command: line.trim(), name: file.name };
  const consent: OutgoingActivity = {
    type: 'message',
    attachments: [
      {
        contentType: FILE_CONSENT,
        name: file.name,
        content: {
          description: t(locale, 'export.file_description', { file: file.name }),
          sizeInBytes: file.content.byteLength,
          acceptContext: offer,
          declineContext: offer,
        },
      },
    ],
  };
  const sent = await send({ workspaceId: ctx.workspace.id, memberId: ctx.actor.id }, consent);
  const origin = ctx.conversationId;
  if (!origin || sent?.conversationId === origin.replace(/;messageid=\d+$/, '')) return;
  const text = sent ? t(locale, 'export.teams.in_personal_chat', { file: file.name }) : t(locale, 'export.teams.no_personal_chat');
  await send({ workspaceId: ctx.workspace.id, conversationId: origin }, { type: 'message', text });
}

/** Accept: run the export again, PUT its bytes to the upload URL, show the file. Decline: say it was not sent. */
export async function answerFileConsent(deps: { db: Db; logger: Logger }, io: TurnIO, turn: Turn): Promise<void> {
  const response = (io.activity.value ?? {}) as FileConsentResponse;
  const ctx = await firstDelivery(deps, io, turn);
  const offer = offerOf(response);
  if (!ctx || !offer) return;
  const say = (text: string) => io.reply({ type: 'message', text });
  if (response.action === 'decline') {
    await say(t(ctx.actor.locale, 'export.teams.declined', { file: offer.name }));
    return;
  }
  const upload = response.uploadInfo;
  if (response.action !== 'accept' || !upload?.uploadUrl) return;
  const failed = () => say(t(ctx.actor.locale, 'export.teams.failed', { file: offer.name }));
  const result = await execute(offer.command, ctx);
  const file = result.effects?.find((effect) => effect.type === 'file' && effect.name === offer.name);
  if (file?.type !== 'file') {
    // The period moved on since the card was sent ("this quarter"), or the data is gone: nothing to upload.
    await failed();
    return;
  }
  try {
    await putFile(upload.uploadUrl, file.content);
  } catch (error) {
    deps.logger.warn({ err: error, workspaceId: ctx.workspace.id }, 'teams file upload failed');
    await failed();
    return;
  }
  await io.reply({
    type: 'message',
    attachments: [
      {
        contentType: FILE_INFO,
        ...(upload.contentUrl ? { contentUrl: upload.contentUrl } : {}),
        name: upload.name ?? offer.name,
        content: { uniqueId: upload.uniqueId, fileType: upload.fileType ?? 'csv' },
      },
    ],
  });
}

/** The member acting, unless Teams delivers this invoke a second time (a retry uploads nothing again). */
async function firstDelivery(deps: { db: Db }, io: TurnIO, turn: Turn): Promise<CommandContext | undefined> {
  const activity = io.activity;
  if (!turn.ctx) return undefined;
  if (activity.id && !(await claimRequest(deps.db, activityKey(activity.conversation?.id ?? '', activity.id), turn.workspaceId)))
    return undefined;
  return turn.ctx;
}

function offerOf(response: FileConsentResponse): Offer | undefined {
  const context: unknown = response.context;
  if (typeof context !== 'object' || context === null) return undefined;
  const { command, name } = context as Record<string, unknown>;
  if (typeof command !== 'string' || typeof name !== 'string' || !EXPORT_LINE.test(`${command} `)) return undefined;
  return { command, name };
}

/** One PUT of the whole file to the OneDrive upload session Teams opened. */
async function putFile(uploadUrl: string, content: Uint8Array): Promise<void> {
  const size = content.byteLength;
  const response = await fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'Content-Length': String(size), 'Content-Range': `bytes 0-${size - 1}/${size}` },
    body: content,
  });
  if (!response.ok) throw new Error(`upload answered ${response.status}`);
}
