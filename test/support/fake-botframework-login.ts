// A local stand-in for the Bot Framework's OpenID server (login.botframework.com), which publishes the
// keys Teams signs its requests with, and a signer of such tokens. Point the Teams SDK at it with
// `cloud: withOverrides(PUBLIC, { openIdMetadataUrl: login.openIdMetadataUrl })`.
//
//   const login = await startFakeBotFrameworkLogin();
//   const token = login.sign({ aud: APP_ID, serviceurl: connector.url });
import http from 'node:http';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { closeServer, listenLocally } from './local-server.js';

export const BOT_FRAMEWORK_ISSUER = 'https://api.botframework.com';

export type FakeBotFrameworkLogin = {
  openIdMetadataUrl: string;
  /** How many times the keys were fetched. */
  keyFetches: () => number;
  /** A token signed with the published key (or, with `unpublished`, with a key nobody published). */
  sign(claims: Record<string, unknown>, options?: { unpublished?: boolean }): string;
  close(): Promise<void>;
};

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

function signJwt(privateKey: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify({ iss: BOT_FRAMEWORK_ISSUER, nbf: now - 60, iat: now - 60, exp: now + 3600, ...claims }));
  const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

export async function startFakeBotFrameworkLogin(): Promise<FakeBotFrameworkLogin> {
  const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  let fetches = 0;
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/v1/.well-known/keys') {
      fetches++;
      const jwk = published.publicKey.export({ format: 'jwk' });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: [{ ...jwk, kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] }));
      return;
    }
    res.writeHead(404).end();
  });
  const { baseUrl } = await listenLocally(server);
  return {
    openIdMetadataUrl: `${baseUrl}/v1/.well-known/openidconfiguration`,
    keyFetches: () => fetches,
    sign: (claims, options = {}) => signJwt(options.unpublished ? stranger.privateKey : published.privateKey, kid, claims),
    close: () => closeServer(server),
  };
}
