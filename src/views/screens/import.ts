/** The screens of `/dealdesk import`: the upload form, the dry run's report, progress and the result. */
import type { Block, Form, Screen } from '../screen.js';
import type { ImportJobRecord, ImportProgress, ImportReport } from '../../store/imports.js';
import { isMessageKey, keyOf, t } from '../../i18n/index.js';
import type { Locale } from '../../i18n/locale.js';
import { count, percent } from '../format.js';

const SHOWN_BAD_ROWS = 20;

export function importUploadForm(locale: Locale): Form {
  return {
    id: 'import.upload',
    commandId: 'dealdesk.import',
    title: t(locale, 'import.upload_title'),
    submitLabel: t(locale, 'import.upload_submit'),
    fields: [
      { name: 'file', label: t(locale, 'import.upload_field'), kind: 'file', required: true, hint: t(locale, 'import.upload_hint') },
    ],
  };
}

function reasonText(locale: Locale, reason: string, data: Record<string, string | number>): string {
  return isMessageKey(reason) ? t(locale, reason, data) : reason;
}

/** The dry run: what would be created, updated or left alone, and each bad row with its line. */
export function importCheckScreen(job: ImportJobRecord, report: ImportReport, locale: Locale): Screen {
  const { counts, bad } = report;
  const blocks: Block[] = [
    { type: 'header', text: t(locale, 'import.title', { file: job.fileName }) },
    {
      type: 'context',
      text: t(locale, 'import.summary', {
        total: count(locale, job.totalRows),
        preset: job.preset,
        kind: t(locale, keyOf('import.kind', report.kind)),
      }),
    },
    {
      type: 'table',
      columns: [{ label: t(locale, 'import.col.what') }, { label: t(locale, 'import.col.count'), align: 'right' }],
      rows: [
        [t(locale, 'import.would_create'), count(locale, counts.create)],
        [t(locale, 'import.would_update'), count(locale, counts.update)],
        [t(locale, 'import.would_keep'), count(locale, counts.unchanged)],
        ...(bad.length > 0 ? [[t(locale, 'import.bad_count'), count(locale, bad.length)]] : []),
      ],
    },
  ];
  if (bad.length > 0) {
    const lines = bad
      .slice(0, SHOWN_BAD_ROWS)
      .map((row) => t(locale, 'import.bad_line', { line: row.line, reason: reasonText(locale, row.reason, row.data) }));
    if (bad.length > SHOWN_BAD_ROWS) lines.push(t(locale, 'import.bad_more', { count: bad.length - SHOWN_BAD_ROWS }));
    blocks.push({ type: 'text', text: [t(locale, 'import.bad_header'), ...lines].join('\n'), tone: 'error' });
    blocks.push({ type: 'text', text: t(locale, 'import.fix_lines'), tone: 'warning' });
    return { kind: 'message', title: t(locale, 'import.title', { file: job.fileName }), tone: 'warning', blocks };
  }
  const writes = counts.create + counts.update;
  if (writes === 0) {
    blocks.push({ type: 'text', text: t(locale, 'import.nothing_to_do'), tone: 'success' });
    return { kind: 'message', title: t(locale, 'import.title', { file: job.fileName }), tone: 'success', blocks };
  }
  blocks.push({ type: 'context', text: t(locale, 'import.dry_run_note') });
  blocks.push({
    type: 'actions',
    actions: [
      {
        id: 'import.run',
        label: t(locale, 'import.run_button', { count: count(locale, writes) }),
        style: 'primary',
        command: `dealdesk import run ${job.id}`,
      },
      { id: 'import.cancel', label: t(locale, 'import.cancel_button'), command: `dealdesk import cancel ${job.id}` },
    ],
  });
  return { kind: 'message', title: t(locale, 'import.title', { file: job.fileName }), tone: 'info', blocks };
}

/** One line while an import runs: rows done of the total. */
export function importProgressScreen(progress: ImportProgress, locale: Locale): Screen {
  const total = Math.max(progress.totalRows, progress.processedRows);
  const text = t(locale, 'import.progress', {
    file: progress.fileName,
    done: count(locale, progress.processedRows),
    total: count(locale, total),
    pct: percent(locale, total === 0 ? 100 : Math.floor((progress.processedRows / total) * 100)),
  });
  return { kind: 'message', title: text, tone: 'info', blocks: [{ type: 'text', text, tone: 'info' }] };
}

/** The end of a run: counts when done, a sentence when it failed. */
export function importResultScreen(progress: ImportProgress, locale: Locale): Screen {
  if (progress.status === 'done') {
    const text = t(locale, 'import.result_done', {
      file: progress.fileName,
      created: count(locale, progress.createdRows),
      updated: count(locale, progress.updatedRows),
      skipped: count(locale, progress.skippedRows),
    });
    return { kind: 'message', title: text, tone: 'success', blocks: [{ type: 'text', text, tone: 'success' }] };
  }
  const text = t(locale, 'import.result_failed', {
    file: progress.fileName,
    done: count(locale, progress.processedRows),
    total: count(locale, progress.totalRows),
  });
  const reason = progress.error !== null && isMessageKey(progress.error) ? t(locale, progress.error) : t(locale, 'import.failed');
  return { kind: 'error', title: text, tone: 'error', blocks: [{ type: 'text', text: `${text} ${reason}`, tone: 'error' }] };
}
