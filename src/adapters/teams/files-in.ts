import type { AttachedFile } from '../../commands/context.js';
import { downloadCapped } from '../download.js';
import type { TeamsActivity } from './context.js';

/** What Teams sends for a file attached in a personal chat: a pre-authenticated, short-lived download URL. */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

/** A file a message carries: its name and where to fetch it. */
export type TeamsFile = { name: string; url: string };

/** Inline CSV attachments (the Bot Framework Emulator sends files this way, with a `contentUrl`). */
const INLINE_CSV = new Set(['text/csv', 'application/csv', 'text/comma-separated-values', 'application/vnd.ms-excel']);

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Only web URLs are fetched: a crafted activity must not make DealDesk read `file:` or other schemes. */
function webUrl(value: unknown): string | undefined {
  const text = str(value);
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The files a message carries. Teams sends `file.download.info` attachments whose `content.downloadUrl`
 * needs no token; the Emulator sends the file itself as a `text/csv` attachment with a `contentUrl`.
 * Cards, mentions and inline images are not files and are left out.
 */
export function filesOf(activity: Partial<TeamsActivity>): TeamsFile[] {
  const files: TeamsFile[] = [];
  for (const attachment of activity.attachments ?? []) {
    const content: unknown = attachment.content;
    if (attachment.contentType === FILE_DOWNLOAD_INFO && isRecord(content)) {
      const url = webUrl(content['downloadUrl']);
      const type = str(content['fileType']);
      const name = str(attachment.name) ?? (type ? `file.${type}` : 'file');
      if (url) files.push({ name, url });
    } else if (INLINE_CSV.has(attachment.contentType.toLowerCase())) {
      const url = webUrl(attachment.contentUrl);
      if (url) files.push({ name: str(attachment.name) ?? 'import.csv', url });
    }
  }
  return files;
}

/** Downloads the files a message carried, each at most MAX_FILE_BYTES. */
export async function downloadTeamsFiles(files: readonly TeamsFile[]): Promise<AttachedFile[]> {
  const attached: AttachedFile[] = [];
  for (const file of files) {
    attached.push({ name: file.name, content: await downloadCapped(file.url, file) });
  }
  return attached;
}
