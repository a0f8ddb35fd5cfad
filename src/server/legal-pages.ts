/**
 * `GET /privacy` and `GET /terms`: the pages the Teams app package names as its privacy statement and
 * terms of use (Teams shows them in the app's details; `npm run teams:package` fills PUBLIC_URL into
 * both links). One short static page each, in English then Chinese, from the message catalogue: what
 * DealDesk stores, that it stays in the operator's database, and that nothing goes anywhere but Slack
 * or Microsoft. No script, no outside resources.
 */
import type { Express } from 'express';
import { t, type MessageKey } from '../i18n/index.js';
import type { Locale } from '../i18n/locale.js';

const PRIVACY_PATH = '/privacy';
const TERMS_PATH = '/terms';

type Page = { title: MessageKey; paragraphs: readonly MessageKey[]; link?: { path: string; text: MessageKey } };

const PRIVACY: Page = {
  title: 'legal.privacy.title',
  paragraphs: ['legal.privacy.operator', 'legal.privacy.stores', 'legal.privacy.where', 'legal.privacy.shared', 'legal.privacy.kept'],
};
const TERMS: Page = {
  title: 'legal.terms.title',
  paragraphs: ['legal.terms.operator', 'legal.terms.use', 'legal.terms.software'],
  link: { path: PRIVACY_PATH, text: 'legal.terms.privacy' },
};

const LOCALES: readonly Locale[] = ['en', 'zh-CN'];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function section(page: Page, locale: Locale): string {
  const text = (key: MessageKey) => escapeHtml(t(locale, key));
  const paragraphs = page.paragraphs.map((key) => `<p>${text(key)}</p>`);
  // Relative, so the link works under whatever address (and path prefix) the page was reached at.
  if (page.link) paragraphs.push(`<p>${text(page.link.text)} <a href=".${page.link.path}">${text('legal.privacy.title')}</a></p>`);
  return [`<section lang="${locale}">`, `<h1>${text(page.title)}</h1>`, ...paragraphs, '</section>'].join('\n');
}

/** The whole page: both languages, each section marked with its `lang`, the English first. */
function legalPageHtml(page: 'privacy' | 'terms'): string {
  const content = page === 'privacy' ? PRIVACY : TERMS;
  const title = LOCALES.map((locale) => escapeHtml(t(locale, content.title))).join(' · ');
  const nav = LOCALES.map((locale) => `<a href="#${locale}" lang="${locale}">${escapeHtml(t(locale, 'legal.language'))}</a>`).join(' · ');
  const sections = LOCALES.map((locale) => section(content, locale).replace('<section ', `<section id="${locale}" `));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}section+section{border-top:1px solid #ddd;margin-top:2rem}</style>
</head>
<body>
<nav>${nav}</nav>
${sections.join('\n')}
</body>
</html>
`;
}

/** Mounts both pages; they are the same for everyone, so built once. */
export function mountLegalPages(app: Express): void {
  for (const [path, page] of [
    [PRIVACY_PATH, legalPageHtml('privacy')],
    [TERMS_PATH, legalPageHtml('terms')],
  ] as const) {
    app.get(path, (_req, res) => {
      res
        .status(200)
        .set({
          'Content-Type': 'text/html; charset=utf-8',
          'Cache-Control': 'public, max-age=3600',
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
          'X-Content-Type-Options': 'nosniff',
        })
        .send(page);
    });
  }
}
