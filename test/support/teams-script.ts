// What both Teams drivers (over HTTP, and in-process through app.process) run: one line per command of
// the catalogue, and a press of every button of the cards those commands produce.
import { expect } from 'vitest';
import { COMMANDS } from '../../src/commands/index.js';
import { matchCommand } from '../../src/commands/execute.js';
import { tokenize } from '../../src/commands/tokenize.js';
import { TEAMS_USERS, type InvokeAnswer, type PressOptions } from './teams-server.js';
import { actionsIn, cardText, type Card, type FoundAction, type TeamsUser, type Where } from './fake-teams.js';

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
  [
    'deal history "Scripted One"',
    'alice',
    /History of D-\d+[\s\S]*Stage: Proposal → Negotiation[\s\S]*Created in Proposal at \$60,000\.00/,
  ],
  ['deal search scripted', 'alice', /Deals matching “scripted”[\s\S]*Scripted One/],
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
  ['funnel team by rep', 'mike', /Funnel · North America[\s\S]*Rep: Alice Carter/],
  ['competitors team', 'mike', /Competitors · North America/],
  ['account "Acme Robotics" contact add 王伟 role CFO email wang@example.com', 'alice', /Added 王伟[\s\S]*Account · Acme Robotics/],
  ['dealdesk grades', 'alice', /Account grades/],
  ['deal new Scripted Won 10k won', 'alice', /Created D-\d+/],
  ['deal satisfaction "Scripted Won" 4 happy with onboarding', 'alice', /Satisfaction 4\/5 recorded for D-\d+/],
  ['satisfaction team', 'mike', /Satisfaction · North America/],
  ['scorecard team', 'mike', /Scorecard · North America[\s\S]*Alice Carter/],
  ['leaderboard winrate', 'alice', /Leaderboard: Win rate · North America/],
  ['dealdesk settings', 'alice', /Settings/],
  ['dealdesk policy', 'alice', /polic/i],
  ['dealdesk rates', 'alice', /Exchange rates into USD/],
  ['dealdesk export deals 2026-Q4', 'alice', /Exported \d+ deals \(Q4 2026\) · deals-2026-Q4\.csv/],
  ['dealdesk language zh', 'wei.zhang', /中文|语言/],
  ['dealdesk help', 'alice', /DealDesk commands/],
  ['deal help move', 'alice', /\/deal move <deal> <stage>[\s\S]*e\.g\. \/deal move D-100 proposal/],
  ['dealdesk digest now', 'mike', /Daily digest · North America/],
  ['dealdesk home', 'alice', /Quota · Alice Carter/],
  ['dealdesk people', 'alice', /People · /],
  ['dealdesk team add North America @alice', 'mike', /Already in North America: Alice Carter/],
  ['dealdesk member @alice timezone America/New_York', 'mike', /Alice Carter/],
  ['dealdesk workspace name Scripted', 'mike', /Only a workspace admin can do that/],
  ['dealdesk setup', 'alice', /Set up your team/],
  ['dealdesk import', 'alice', /Only an admin can import/],
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

/** A TextBlock in the Attention colour: how a card shows an error (a refusal or an internal failure). */
function errorTextsIn(card: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    if ('color' in node && node.color === 'Attention' && 'text' in node && typeof node.text === 'string') found.push(node.text);
    Object.values(node).forEach(visit);
  };
  visit(card);
  return found;
}

/** What a user reads as a failure in an answer: a refusal sent as a message, or an error shown on a card. */
function failureIn(answer: InvokeAnswer): string | undefined {
  if (answer.status !== 200) return `HTTP status ${answer.status}`;
  if (answer.message !== undefined) return answer.message;
  if (!answer.card) return 'no answer at all';
  const errors = errorTextsIn(answer.card);
  return errors.length > 0 ? errors.join(' / ') : undefined;
}

/** The deal a button acts on, from the command it carries (`deal move D-42 won`). */
function dealOf(button: FoundAction): string {
  const ref = typeof button.data.command === 'string' ? /\bD-\d+\b/.exec(button.data.command)?.[0] : undefined;
  if (!ref) throw new Error(`"${button.title}" names no deal: ${JSON.stringify(button.data)}`);
  return ref;
}

type ButtonExpectation = {
  /** What is typed into the button's own box, for a button that has one. */
  input?: string;
  /** What the answer card must show: the button did its job for this user. */
  shows: (button: FoundAction) => RegExp;
  /** A button that opens a form: the values sent with it, and what the answer to the form must show. */
  form?: { values: Record<string, string>; shows: (button: FoundAction) => RegExp };
};

/**
 * Every kind of button (by action id) on the cards pressEveryButton's lines produce, as Mike (manager of
 * North America) sees them, and what working means for each. None of them may answer with a refusal or
 * an error: each is pressed by someone allowed to, on a deal where it applies.
 */
const BUTTONS: Record<string, ButtonExpectation> = {
  'deal.move': {
    shows: () => /Move stage[\s\S]*Stage[\s\S]*Proposal \(60%\)/,
    form: { values: { stage: 'proposal' }, shows: (b) => new RegExp(`^${dealOf(b)} moved from Qualified to Proposal\\.`) },
  },
  'deal.note': {
    input: 'call: pressed from a test',
    shows: (b) => new RegExp(`^Call logged on ${dealOf(b)}\\.[\\s\\S]*pressed from a test`),
  },
  'deal.discount': {
    input: '10% pressed from a test',
    // 10% is within the demo policy's first tier: applied at once, 10% off the deal's $30,000.
    shows: (b) =>
      new RegExp(
        `^Applied at once: a 10% discount needs no approval\\.\\nDiscount request · ${dealOf(b)} · [\\s\\S]*Net amount\\n\\$27,000\\.00[\\s\\S]*pressed from a test`,
      ),
  },
  'deal.won': { shows: (b) => new RegExp(`^${dealOf(b)} is won! Moved from Qualified to Won\\.`) },
  'deal.lost': {
    input: 'pressed from a test',
    shows: (b) => new RegExp(`^${dealOf(b)} moved from Qualified to Lost\\.[\\s\\S]*Lost reason\\npressed from a test`),
  },
  'deal.show': { shows: (b) => new RegExp(`^${dealOf(b)} · `) },
  'page.next': { shows: () => /Open deals[\s\S]*page 2 of \d+/ },
  'deal.list': { shows: () => /^Mike Johnson · Open deals/ },
  pipeline: { shows: () => /^Pipeline · North America/ },
  quota: { shows: () => /^Quota · North America · Q4 2026/ },
  pick: { shows: (b) => new RegExp(`^Call logged on ${dealOf(b)}\\.[\\s\\S]*Crawl Pick`) },
  // The guide's buttons (dealdesk help), as Mike, who manages North America.
  'deal.new': {
    shows: () => /^New deal/,
    form: { values: { account: 'Guide Form Co', amount: '25k', title: 'From the guide' }, shows: () => /Guide Form Co/ },
  },
  forecast: { shows: () => /^Forecast · North America · Q4 2026/ },
  'dealdesk.home': { shows: () => /Mike Johnson/ },
  'deal.approvals': { shows: () => /approv/i },
  'dealdesk.policy': { shows: () => /polic/i },
  'dealdesk.setup': { shows: () => /^Set up your team/ },
  'dealdesk.people': { shows: () => /^People · / },
  'dealdesk.help': { shows: () => /^Help · \/deal/ },
};

/**
 * Presses every kind of button (one per action id) of the cards a few commands produce, as Mike: a deal
 * card's buttons each on a fresh deal, so one press does not change the next. Each answer must show
 * what that button is for (BUTTONS), never a refusal or an error; a form that opens is filled in and
 * sent, and its answer checked the same way. Every kind in BUTTONS must have been met. Returns how
 * many buttons were pressed.
 */
export async function pressEveryButton(driver: TeamsDriver): Promise<number> {
  const user = TEAMS_USERS.mike;
  let pressed = 0;
  const lines = [
    'deal new Crawl Co 30k qualified',
    'deal list all',
    'dealdesk help',
    'deal new Crawl Pick A 10k',
    'deal new Crawl Pick B 10k',
    'deal note "crawl pick" call: hi',
  ];
  const seen = new Set<string>();
  for (const line of lines) {
    const first = await driver.say(line, user);
    for (const button of actionsIn(first.card)) {
      const kind = typeof button.data.id === 'string' ? button.data.id : button.verb;
      if (seen.has(kind)) continue;
      seen.add(kind);
      const expected = BUTTONS[kind];
      if (!expected) throw new Error(`No expectation for the "${button.title}" button (${kind}) after "${line}": add it to BUTTONS`);
      const fresh = pressed > 0 && /^deal new/.test(line) ? await driver.say(line.replace('Crawl', `Crawl${pressed}x`), user) : first;
      const target = actionsIn(fresh.card).find((b) => b.title === button.title);
      if (!target) throw new Error(`"${button.title}" missing after "${line}": ${cardText(fresh.card)}`);
      const label = `${button.title} (${kind}) after "${line}"`;
      expect(Boolean(target.inputId), `${label}: has its own text box`).toBe(expected.input !== undefined);
      const answer = await driver.press(fresh.card, target.title, {
        replyToId: fresh.replyToId,
        user,
        ...(expected.input !== undefined ? { input: expected.input } : {}),
      });
      expect(failureIn(answer), label).toBeUndefined();
      expect(cardText(answer.card), label).toMatch(expected.shows(target));

      const submit = answer.card ? actionsIn(answer.card).filter((b) => b.verb === 'dd.form') : [];
      expect(submit.length, `${label}: opens a form`).toBe(expected.form ? 1 : 0);
      if (expected.form && answer.card) {
        const sent = await driver.press(answer.card, submit[0]!.title, { replyToId: fresh.replyToId, user, values: expected.form.values });
        expect(failureIn(sent), `${label}, form sent`).toBeUndefined();
        expect(cardText(sent.card), `${label}, form sent`).toMatch(expected.form.shows(target));
      }
      pressed++;
    }
  }
  expect([...seen].sort(), 'the kinds of button met').toEqual(Object.keys(BUTTONS).sort());
  return pressed;
}
