/** A CSV file's bytes as text, whatever the spreadsheet that saved it: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK. */
import { parse } from 'csv-parse/sync';
import { DomainError } from '../errors.js';

export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_DATA_ROWS = 50_000;

/**
 * Decodes the file. A file that is not valid UTF-8 and has no BOM is read as GB18030 (a superset of
 * GBK), which is what Chinese Excel writes when it saves "CSV" without "UTF-8".
 */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_FILE_BYTES) throw new DomainError('import.too_large', { mb: MAX_FILE_BYTES / 1024 / 1024 });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** One data row: its cells and the file line it starts on (the header is line 1). */
export type CsvRecord = { line: number; cells: string[] };

/** The header and the data rows; a file with more than MAX_DATA_ROWS rows is refused whole. */
export function readCsv(text: string): { header: string[]; records: CsvRecord[] } {
  // Excel in some locales separates with semicolons or tabs; the header line tells which.
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',');
  let rows: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    // With `info` and `raw` each record comes wrapped with its line count and source text (the typings omit it).
    rows = parse(text, {
      delimiter,
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (error) {
    const line = typeof error === 'object' && error !== null && 'lines' in error && typeof error.lines === 'number' ? error.lines : 0;
    throw new DomainError('import.unreadable', { line });
  }
  const [head, ...data] = rows;
  if (!head) throw new DomainError('import.empty', {});
  if (data.length > MAX_DATA_ROWS) throw new DomainError('import.too_many_rows', { max: MAX_DATA_ROWS, count: data.length });
  return {
    header: head.record,
    records: data.map((row) => ({ line: row.info.lines - (row.raw.trim().match(/\n/g)?.length ?? 0), cells: row.record })),
  };
}
