// What both Teams drivers (over HTTP, and in-process with TestAdapter) run: one line per command of
// the catalogue, and a press of every button of the cards those commands produce.
import { expect } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { matchCommand } from '../../src/commands/execute.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { TEAMS_USERS, type InvokeAnswer, type PressOptions } from './teams-server.js';
import { actionsIn, cardText, inputIdsIn, type Card, type TeamsUser, type Where } from './fake-teams.js';

export type TeamsDriver = {
  say(text: string, user?: TeamsUser, where?: Partial<Where>): Promise<{ card: Card; replyToId: string }>;
  press(card: Card, title: string, options: PressOptions): Promise<InvokeAnswer>;
};

type Handle = keyof typeof TEAMS_USERS;

/** One line per command, as someone allowed to run it, and what the answer must say. Deals by name, not number. */
export const COMMAND_SCRIPT: [line: string, who: Handle, expected: RegExp][] = [
  ['deal', 'alice', /New deal/],
  ['deal new Scripted One 60k proposal', 'alice', /Created D-\d+/],
  ['/deal move "Scripted One" negotiation', 'alice', /Negotiation \(80%\)/],
  ['deal update "Scripted One" amount 65k', 'alice', /amount updated/],
  ['deal note "Scripted One" call: walked through pricing', 'alice', /Call logged on D-\d+/],
  ['/deal show "Scripted One"', 'alice', /Scripted One/],
  ['deal list mine', 'alice', /Alice Carter · Open deals/],
  ['deal discount "Scripted One" 15% matching a competitor', 'alice', /Mike Johnson/],
  ['deal approvals', 'mike', /matching a competitor/],
  ['deal approve "Scripted One"', 'mike', /approved/i],
  ['deal new Scripted Two 40k proposal', 'alice', /Created D-\d+/],
  ['deal discount "Scripted Two" 12% three-year term', 'alice', /Mike Johnson/],
  ['deal reject "Scripted Two" margin too thin', 'mike', /rejected/i],
  ['pipeline', 'alice', /Pipeline · Alice Carter/],
  ['/quota', 'alice', /Quota · Alice Carter/],
  ['quota set @alice 400k this quarter', 'mike', /Alice Carter/],
  ['forecast team', 'mike', /Forecast · North America/],
  ['dealdesk settings', 'alice', /Settings/],
  ['dealdesk policy', 'alice', /polic/i],
  ['dealdesk language zh', 'wei.zhang', /中文|语言/],
  ['dealdesk help', 'alice', /DealDesk commands/],
  ['dealdesk digest now', 'mike', /Daily digest · North America/],
  ['dealdesk home', 'alice', /Quota · Alice Carter/],
];

/** The command ids the script reaches; a test compares them with the catalogue. */
export function scriptCommandIds(): string[] {
  return [
    ...new Set(
      COMMAND_SCRIPT.map(([line]) => {
        const match = matchCommand(tokenize(line));
        return 'command' in match ? match.command.id : match.code;
      }),
    ),
  ].sort();
}

export function catalogueCommandIds(): string[] {
  return COMMANDS.map((c) => c.id).sort();
}

/** Runs the script, every other line in a channel with an @mention. */
export async function runCommandScript(driver: TeamsDriver): Promise<void> {
  for (const [index, [line, who, expected]] of COMMAND_SCRIPT.entries()) {
    const where = index % 2 === 0 ? {} : { conversation: { id: '19:sales@thread.tacv2;messageid=17000001', type: 'channel' as const } };
    const { card } = await driver.say(line, TEAMS_USERS[who], where);
    expect(cardText(card), line).toMatch(expected);
  }
}

/**
 * Presses every kind of button (one per action id) of the cards a few commands produce; a deal card's
 * buttons each on a fresh deal, so one press does not change the next; a form that opens is sent once
 * as it is. Returns how many buttons were pressed.
 */
export async function pressEveryButton(driver: TeamsDriver, user: TeamsUser = TEAMS_USERS.mike): Promise<number> {
  let pressed = 0;
  const lines = [
    'deal new Crawl Co 30k qualified',
    'deal list all',
    'dealdesk help',
    'deal new Crawl Pick A 10k',
    'deal new Crawl Pick B 10k',
    'deal note crawl pick call: hi',
  ];
  const seen = new Set<string>();
  for (const line of lines) {
    const first = await driver.say(line, user);
    for (const button of actionsIn(first.card)) {
      const kind = `${String(button.data.id ?? button.verb)}:${button.title}`;
      if (seen.has(kind)) continue;
      seen.add(kind);
      const fresh = pressed > 0 && /^deal new/.test(line) ? await driver.say(line.replace('Crawl', `Crawl${pressed}x`), user) : first;
      const target = actionsIn(fresh.card).find((b) => b.title === button.title);
      if (!target) throw new Error(`"${button.title}" missing after "${line}": ${cardText(fresh.card)}`);
      const answer = await driver.press(fresh.card, target.title, {
        replyToId: fresh.replyToId,
        user,
        ...(target.inputId ? { input: 'call: pressed from a test' } : {}),
      });
      expect(answer.status, button.title).toBe(200);
      expect(Boolean(answer.card) || Boolean(answer.message), button.title).toBe(true);
      if (answer.card && inputIdsIn(answer.card).length > 0) {
        const submitted = await driver.press(answer.card, actionsIn(answer.card)[0]!.title, { replyToId: fresh.replyToId, user });
        expect(Boolean(submitted.card) || Boolean(submitted.message)).toBe(true);
      }
      pressed++;
    }
  }
  return pressed;
}
