// Issue #13, point 3: a signed Slack body of 120,000 nested brackets (240 KB, under the size limit) made
// the server run JSON.parse over all of it (50–150 ms of a blocked event loop) before its depth was looked
// at. The depth is now found by a scan that stops at the first bracket too deep; the answer is still 400.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonNestsDeeperThan, nestedDeeperThan, PAYLOAD_DEPTH_MAX } from '../../src/adapters/input-limits.js';
import { postSlack, slashCommandBody } from '../support/slack-requests.js';
import { SIGNING_SECRET, TEAM, startSlackHarness, type SlackHarness } from '../support/slack-server.js';
import { textOf } from '../support/block-kit-buttons.js';
import { startTeamsHarness, type TeamsHarness } from '../support/teams-server.js';

const nested = (depth: number, open = '[', close = ']'): string => `${open.repeat(depth)}${close.repeat(depth)}`;

describe('jsonNestsDeeperThan', () => {
  const cases: [string, string][] = [
    ['flat', '{"a":1,"b":[1,2,3]}'],
    ['exactly the limit', nested(PAYLOAD_DEPTH_MAX)],
    ['one past the limit', nested(PAYLOAD_DEPTH_MAX + 1)],
    ['objects past the limit', `${'{"a":'.repeat(PAYLOAD_DEPTH_MAX + 1)}1${'}'.repeat(PAYLOAD_DEPTH_MAX + 1)}`],
    ['brackets inside a string', JSON.stringify({ text: nested(500) })],
    ['an escaped quote before brackets in a string', JSON.stringify({ text: `say "${nested(100)}" \\ ok` })],
    ['deep inside a wide array', JSON.stringify([1, { a: [JSON.parse(nested(PAYLOAD_DEPTH_MAX - 1)) as unknown] }])],
    ['a scalar', '"[[["'],
  ];
  it.each(cases)('agrees with the depth of the parsed value: %s', (_name, text) => {
    expect(jsonNestsDeeperThan(text)).toBe(nestedDeeperThan(JSON.parse(text)));
  });
});

describe('a signed body nested 120,000 deep', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('sqlite');
  });
  afterAll(() => h.close());
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    [
      'a JSON event',
      'json',
      (deep: string) =>
        JSON.stringify({ type: 'event_callback', team_id: TEAM, event: { type: 'x' }, deep: 'x' }).replace('"x"}', `${deep}}`),
    ],
    [
      'a form payload',
      'form',
      (deep: string) =>
        `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', team: { id: TEAM }, deep: 'x' }).replace('"x"}', `${deep}}`))}`,
    ],
  ])('%s gets 400 without being parsed, and the next command is answered', async (_name, contentType, build) => {
    const body = build(nested(contentType === 'json' ? 120_000 : 40_000));
    const parse = vi.spyOn(JSON, 'parse');
    const response = await postSlack(h.eventsUrl, SIGNING_SECRET, body, { contentType });
    expect(response.status).toBe(400);
    const parsedLong = parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 50_000);
    expect(parsedLong).toEqual([]);
    parse.mockRestore();
    const responseUrl = h.fake.responseUrl();
    const normal = await postSlack(
      h.eventsUrl,
      SIGNING_SECRET,
      slashCommandBody({ command: '/deal', text: 'show D-1', user_id: 'U_ALICE', team_id: TEAM, response_url: responseUrl }),
    );
    expect(normal.status).toBe(200);
    const answer = await h.fake.waitForResponse(responseUrl.split('/').pop(), 10_000);
    expect(textOf((answer.body as { blocks: unknown[] }).blocks)).toContain('D-1 ·');
  });
});

describe('a Teams activity nested too deep', () => {
  let teams: TeamsHarness;
  beforeAll(async () => {
    teams = await startTeamsHarness('sqlite');
  });
  afterAll(() => teams.close());

  it('gets 400 without being parsed, and the next message is answered', async () => {
    const body = JSON.stringify({ type: 'message', text: 'x', deep: 'x' }).replace('"x"}', `${nested(120_000)}}`);
    const parse = vi.spyOn(JSON, 'parse');
    const response = await fetch(`${teams.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(400);
    expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 50_000)).toEqual([]);
    parse.mockRestore();
    const { card } = await teams.say('deal show D-1');
    expect(JSON.stringify(card)).toContain('D-1');
  });
});
