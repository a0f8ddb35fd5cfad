import { DomainError } from '../domain/errors.js';

/** The largest file DealDesk takes from a chat: a CSV of well over 50,000 deals. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

const MB = 1024 * 1024;

/** The sentence for a file over the limit, on the form field it came with when there is one. */
export function fileTooLarge(name: string, bytes: number, field?: string): DomainError {
  return new DomainError('chatfile.too_large', {
    name,
    size: (Math.ceil((bytes / MB) * 10) / 10).toFixed(1),
    max: MAX_FILE_BYTES / MB,
    ...(field ? { field } : {}),
  });
}

export function fileUnreadable(name: string, field?: string): DomainError {
  return new DomainError('chatfile.unreadable', { name, ...(field ? { field } : {}) });
}

/**
 * Downloads a chat file, refusing one over MAX_FILE_BYTES as soon as its length says so or, when the
 * server gives none, once that many bytes have arrived: a huge upload never fills the memory.
 */
export async function downloadCapped(
  url: string,
  file: { name: string; field?: string },
  headers: Record<string, string> = {},
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { headers, redirect: 'follow' });
  } catch {
    throw fileUnreadable(file.name, file.field);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw fileUnreadable(file.name, file.field);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_FILE_BYTES) {
    await response.body.cancel().catch(() => undefined);
    throw fileTooLarge(file.name, declared, file.field);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_FILE_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw fileTooLarge(file.name, total, file.field);
    }
    chunks.push(value);
  }
  const content = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    content.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return content;
}
