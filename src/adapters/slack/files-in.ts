import type { webApi } from '@slack/bolt';
import type { AttachedFile } from '../../commands/context.js';
import { downloadCapped, fileTooLarge, fileUnreadable, MAX_FILE_BYTES } from '../download.js';

type WebClient = webApi.WebClient;

/** A file chosen in a modal's file input: the field it came with and Slack's file ids. */
export type SlackUpload = { field: string; fileIds: string[] };

/** What `files.info` says of an uploaded file: enough to refuse it early or download it. */
export type SlackFile = { id: string; field: string; name: string; size: number; url: string };

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The file inputs of a submitted modal (`view.state.values`, block id → action id → state). A
 * `file_input` state lists the uploaded files; each field is the block id, as for every other input.
 */
export function uploadsIn(values: unknown): SlackUpload[] {
  if (!isRecord(values)) return [];
  const uploads: SlackUpload[] = [];
  for (const [field, actions] of Object.entries(values)) {
    if (!isRecord(actions)) continue;
    for (const state of Object.values(actions)) {
      if (!isRecord(state) || state['type'] !== 'file_input' || !Array.isArray(state['files'])) continue;
      const fileIds = state['files'].flatMap((file) => (isRecord(file) && typeof file['id'] === 'string' ? [file['id']] : []));
      if (fileIds.length > 0) uploads.push({ field, fileIds });
    }
  }
  return uploads;
}

/**
 * Looks each upload up with `files.info` (its name, size and private download URL), refusing one over
 * the size limit before anything is downloaded. Throws a DomainError naming the field.
 */
export async function describeUploads(client: WebClient, uploads: readonly SlackUpload[]): Promise<SlackFile[]> {
  const files: SlackFile[] = [];
  for (const upload of uploads) {
    for (const id of upload.fileIds) {
      const info = await client.files.info({ file: id }).catch(() => undefined);
      const file = info?.file;
      const name = file?.name ?? file?.title ?? id;
      const url = file?.url_private_download ?? file?.url_private;
      if (!file || !url) throw fileUnreadable(name, upload.field);
      const size = file.size ?? 0;
      if (size > MAX_FILE_BYTES) throw fileTooLarge(name, size, upload.field);
      files.push({ id, field: upload.field, name, size, url });
    }
  }
  return files;
}

/** Downloads the files with the bot token (Slack's private URLs need it), each at most MAX_FILE_BYTES. */
export async function downloadSlackFiles(token: string, files: readonly SlackFile[]): Promise<AttachedFile[]> {
  const attached: AttachedFile[] = [];
  for (const file of files) {
    const content = await downloadCapped(file.url, file, { Authorization: `Bearer ${token}` });
    attached.push({ name: file.name, content });
  }
  return attached;
}
