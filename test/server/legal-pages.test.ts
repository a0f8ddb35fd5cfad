// The privacy and terms pages the Teams app package links to (#16 point 8: they answered 404): the
// server answers both, in English and Chinese, and the links `npm run teams:package` writes from
// PUBLIC_URL reach them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, type HttpServer } from '../../src/server/http.js';
import { logger } from '../../src/logger.js';
import { packageTeamsApp } from '../../src/adapters/teams/package-app.js';
import type { Manifest } from '../../src/adapters/teams/app-package.js';
import { freshDatabase, type FreshDatabase } from '../support/databases.js';

const PUBLIC_URL = 'https://dealdesk.example.com';

/** The page's text without its tags, spaces collapsed. */
const textOf = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('GET /privacy and GET /terms', () => {
  let fresh: FreshDatabase;
  let server: HttpServer;
  let base: string;
  const dir = mkdtempSync(path.join(tmpdir(), 'dealdesk-legal-'));

  beforeAll(async () => {
    fresh = await freshDatabase('sqlite');
    server = createHttpServer({ db: fresh.db, logger });
    base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    await server.close();
    await fresh.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function page(pathname: string): Promise<{ html: string; text: string; response: Response }> {
    const response = await fetch(`${base}${pathname}`);
    const html = await response.text();
    return { html, text: textOf(html), response };
  }

  it('answers the privacy statement in English and Chinese: what is stored, where, and who else sees it', async () => {
    const { html, text, response } = await page('/privacy');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).toMatch(/<section id="en" lang="en">[\s\S]*<section id="zh-CN" lang="zh-CN">/);
    // English
    expect(text).toContain('DealDesk privacy statement');
    expect(text).toContain('deals, accounts and their contacts');
    expect(text).toContain('the Slack or Teams ids of your workspace, your user and the chats it posts in');
    expect(text).toContain('the organisation’s own database');
    expect(text).toContain('DealDesk sends data nowhere else: only to Slack or Microsoft Teams');
    // Chinese
    expect(text).toContain('DealDesk 隐私声明');
    expect(text).toContain('商机、客户及其联系人');
    expect(text).toContain('该组织自己的数据库');
    expect(text).toContain('只发送给 Slack 或 Microsoft Teams');
  });

  it('answers the terms of use in English and Chinese, linking the privacy statement', async () => {
    const { html, text, response } = await page('/terms');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(text).toContain('DealDesk terms of use');
    expect(text).toContain('DealDesk 使用条款');
    expect(text).toContain('provided as is, without warranty');
    expect(text).toContain('按现状提供');
    // A relative link, so it works under any address or path prefix.
    expect(html.match(/href="\.\/privacy"/g)).toHaveLength(2);
  });

  it('is what the Teams package links to: the links built from PUBLIC_URL reach these pages', async () => {
    const out = path.join(dir, 'dealdesk.zip');
    packageTeamsApp({ publicUrl: `${PUBLIC_URL}/`, out });
    const manifest = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(out))['manifest.json'])) as Manifest;
    expect(manifest.developer.privacyUrl).toBe(`${PUBLIC_URL}/privacy`);
    expect(manifest.developer.termsOfUseUrl).toBe(`${PUBLIC_URL}/terms`);
    for (const url of [manifest.developer.privacyUrl, manifest.developer.termsOfUseUrl]) {
      const response = await fetch(url.replace(PUBLIC_URL, base));
      expect(response.status, url).toBe(200);
      expect(textOf(await response.text())).toMatch(/DealDesk .*DealDesk /);
    }
  });
});
