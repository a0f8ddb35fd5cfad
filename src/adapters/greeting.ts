/**
 * What a person typing to DealDesk in a chat gets for "hello", "hi" or "help" (#16): who they are in
 * DealDesk, three commands that fit their role, how to get help on one command (`help deal`) and a button
 * to the guide (`/dealdesk help`). This is for someone who opened a conversation with the bot and said
 * hello, as the README tells Teams users to.
 */
import { execute } from '../commands/execute.js';
import type { CommandContext } from '../commands/context.js';
import type { CommandResult } from '../commands/command.js';
import { listTeams } from '../store/teams.js';
import type { Field, Screen } from '../views/screen.js';
import { keyOf, t } from '../i18n/index.js';

/** "hello", "Hi!", "hey DealDesk", "help", "你好", "您好！", "帮助": the whole message, in either language. */
const GREETING = /^(?:hello|hi|hey|help|你好|您好|嗨|帮助)(?:\s+(?:there|dealdesk|@dealdesk))?[\s!！.。?？~～,，]*$/iu;

function isGreeting(line: string): boolean {
  return GREETING.test(line.trim());
}

/** A typed chat message: the greeting for a hello, else the command it is. */
export function greetOrExecute(line: string, ctx: CommandContext): Promise<CommandResult> {
  return isGreeting(line) ? greeting(ctx) : execute(line, ctx);
}

async function greeting(ctx: CommandContext): Promise<CommandResult> {
  const { actor, workspace } = ctx;
  const locale = actor.locale;
  const team = actor.teamId ? (await listTeams(ctx.db, workspace.id)).find((candidate) => candidate.id === actor.teamId) : undefined;
  const role = t(locale, keyOf('role', actor.role));
  const who = team
    ? t(locale, 'greeting.who_team', { role, team: team.name, workspace: workspace.name })
    : t(locale, 'greeting.who', { role, workspace: workspace.name });
  const starters: Field[] =
    actor.role === 'rep'
      ? [
          { label: '/deal new Acme 50k proposal', value: t(locale, 'greeting.rep_new') },
          { label: '/deal list', value: t(locale, 'greeting.rep_list') },
          { label: '/pipeline', value: t(locale, 'greeting.rep_pipeline') },
        ]
      : [
          { label: '/pipeline team', value: t(locale, 'greeting.manager_pipeline') },
          { label: '/forecast team', value: t(locale, 'greeting.manager_forecast') },
          { label: '/deal list team stale', value: t(locale, 'greeting.manager_stale') },
        ];
  const hello = t(locale, 'greeting.hello', { name: actor.name });
  const screen: Screen = {
    kind: 'message',
    title: hello,
    blocks: [
      { type: 'text', text: `${hello}\n${who}` },
      { type: 'text', text: t(locale, 'greeting.start') },
      { type: 'fields', fields: starters },
      { type: 'context', text: t(locale, 'greeting.here') },
      { type: 'context', text: t(locale, 'greeting.help') },
      { type: 'actions', actions: [{ id: 'dealdesk.help', label: t(locale, 'greeting.all_commands'), command: 'dealdesk help' }] },
    ],
  };
  return { screen };
}
