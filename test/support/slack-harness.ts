// One Slack harness per describe block, and a slash command answered through response_url: the set-up
// every Slack end-to-end file repeated.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { postSlack, slashCommandBody } from './slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from './slack-server.js';
import type { Provider } from '../../src/store/db.js';

/**
 * Starts the harness before the block's tests and closes it after them; each test ends with no Slack limit
 * violated. The object returned is filled in when the harness has started, so tests use it as they would
 * the harness itself.
 */
export function useSlackHarness(provider: Provider, ...rest: DropFirst<Parameters<typeof startSlackHarness>>): SlackHarness {
  const harness = {} as SlackHarness;
  beforeAll(async () => {
    Object.assign(harness, await startSlackHarness(provider, ...rest));
  });
  afterAll(() => harness.close());
  afterEach(() => {
    expect(harness.fake.limitViolations).toEqual([]);
  });
  return harness;
}

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

/** A signed slash command from `user`, acknowledged with 200, and the answer DealDesk posts to its response_url. */
export async function slashAnswer<Answer = { blocks: unknown[] }>(
  h: SlackHarness,
  command: string,
  text: string,
  user: string,
): Promise<Answer> {
  const responseUrl = h.fake.responseUrl();
  const body = slashCommandBody({ command, text, user_id: user, team_id: TEAM, response_url: responseUrl });
  const http = await postSlack(h.eventsUrl, SIGNING_SECRET, body);
  expect(http.status).toBe(200);
  const response = await h.fake.waitForResponse(responseUrl.split('/').pop() ?? '', 10_000);
  return response.body as Answer;
}
