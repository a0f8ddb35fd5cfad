import type { Application } from '@microsoft/teams-ai';
import type { Activity, ConversationReference, FileConsentCardResponse, TurnContext } from 'botbuilder';
import type { CommandContext } from '../../commands/context.js';
import { execute } from '../../commands/execute.js';
import { claimRequest } from '../../store/processed-requests.js';
import { findConversationReference } from '../../store/conversations.js';
import type { Db } from '../../store/db.js';
import type { Logger } from '../../logger.js';
import { t } from '../../i18n/index.js';
import { TEAMS } from './context.js';
import { turnOf } from './turn.js';
import { activityKey } from './dedupe.js';
import type { ProactiveSender, ProactiveTarget, Sent } from './proactive.js';

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

/** Sends an activity (not only an Adaptive Card) to a member's personal chat or a conversation, channel threads included. */
export type ActivitySender = (target: ProactiveTarget, activity: Partial<Activity>) => Promise<Sent | null>;

/** Like proactive.ts's sendProactive, for any activity; a `conversationId` with `;messageid=` posts in that thread. */
export async function sendActivityProactive(
  sender: ProactiveSender,
  db: Db,
  target: ProactiveTarget,
  activity: Partial<Activity>,
): Promise<Sent | null> {
  const lookup = 'conversationId' in target ? { ...target, conversationId: target.conversationId.replace(/;messageid=\d+$/, '') } : target;
  const saved = await findConversationReference(db, { ...lookup, platform: TEAMS });
  if (!saved) return null;
  const reference = saved.reference as Partial<ConversationReference>;
  const conversationId = 'conversationId' in target ? target.conversationId : saved.conversationId;
  const conversation = { ...(reference.conversation ?? {}), id: conversationId } as ConversationReference['conversation'];
  let activityId: string | undefined;
  await sender.adapter.continueConversationAsync(sender.appId, { ...reference, conversation }, async (context) => {
    activityId = (await context.sendActivity(activity))?.id;
  });
  return { conversationId, activityId };
}

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
  const consent: Partial<Activity> = {
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
export function registerFileConsent(app: Application, deps: { db: Db; logger: Logger }): void {
  app.fileConsentAccept(async (context, _state, response) => {
    const ctx = await firstDelivery(deps, context);
    const offer = offerOf(response);
    const upload = response.uploadInfo;
    if (!ctx || !offer || !upload?.uploadUrl) return;
    const failed = () => context.sendActivity(t(ctx.actor.locale, 'export.teams.failed', { file: offer.name }));
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
    await context.sendActivity({
      type: 'message',
      attachments: [
        {
          contentType: FILE_INFO,
          contentUrl: upload.contentUrl,
          name: upload.name ?? offer.name,
          content: { uniqueId: upload.uniqueId, fileType: upload.fileType ?? 'csv' },
        },
      ],
    });
  });
  app.fileConsentDecline(async (context, _state, response) => {
    const ctx = await firstDelivery(deps, context);
    const offer = offerOf(response);
    if (ctx && offer) await context.sendActivity(t(ctx.actor.locale, 'export.teams.declined', { file: offer.name }));
  });
}

/** The member acting, unless Teams delivers this invoke a second time (a retry uploads nothing again). */
async function firstDelivery(deps: { db: Db }, context: TurnContext): Promise<CommandContext | undefined> {
  const turn = turnOf(context);
  const activity = context.activity;
  if (!turn?.ctx) return undefined;
  if (activity.id && !(await claimRequest(deps.db, activityKey(activity.conversation.id, activity.id), turn.workspaceId))) return undefined;
  return turn.ctx;
}

function offerOf(response: FileConsentCardResponse): Offer | undefined {
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
