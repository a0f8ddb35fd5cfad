import { z } from 'zod';
import { defineCommand } from './command.js';
import { DomainError } from '../domain/errors.js';
import { normalizeKey } from '../domain/text-match.js';
import { isRole } from '../domain/roles.js';
import { listTeams } from '../store/teams.js';
import { listPeople } from '../store/org.js';
import { peopleScreen } from '../views/screens/people.js';
import { keyOf } from '../i18n/index.js';
import { t } from '../i18n/index.js';

/** Twenty people a page keeps a Slack message (50 blocks) and a Teams card well inside their limits. */
const PAGE_SIZE = 20;

export const ZPeopleSchema = z.object({
  page: z
    .number({ invalid_type_error: 'people.page_invalid' })
    .int('people.page_invalid')
    .min(1, 'people.page_invalid')
    .max(10_000, 'people.page_invalid')
    .default(1),
});

export function parsePeople(args: readonly string[]): unknown {
  const [word, number, ...rest] = args;
  if (word === undefined) return {};
  if (!['page', 'p', '页'].includes(normalizeKey(word)) || number === undefined || rest.length > 0)
    throw new DomainError('people.page_invalid', { field: 'page' });
  return { page: Number(number) };
}

/** `/dealdesk people [page <n>]`: the teams and everyone in the workspace, with who may change what. */
export const dealdeskPeople = defineCommand({
  id: 'dealdesk.people',
  path: ['dealdesk', 'people'],
  usage: 'usage.dealdesk.people',
  summary: 'summary.dealdesk.people',
  schema: ZPeopleSchema,
  parse: parsePeople,
  async run(input, ctx) {
    const locale = ctx.actor.locale;
    const [teams, people] = await Promise.all([listTeams(ctx.db, ctx.workspace.id), listPeople(ctx.db, ctx.workspace.id)]);
    const nameOf = (id: string | null): string | null => people.find((p) => p.id === id)?.name ?? null;
    const managed = teams.filter((team) => team.managerId === ctx.actor.id).map((team) => team.id);
    // A page past the end shows the last one, so a stale "page 3" button after people left still shows people.
    const page = Math.min(input.page, Math.max(1, Math.ceil(people.length / PAGE_SIZE)));
    const start = (page - 1) * PAGE_SIZE;
    return {
      screen: peopleScreen(
        {
          workspace: ctx.workspace.name,
          teams: teams.map((team) => ({
            name: team.name,
            region: team.region,
            timeZone: team.timeZone,
            manager: nameOf(team.managerId),
            members: team.memberIds.length,
          })),
          people: people.slice(start, start + PAGE_SIZE).map((person) => ({
            name: person.name,
            handle: person.handle,
            role: t(locale, keyOf('role', isRole(person.role) ? person.role : 'rep')),
            team: teams.find((team) => team.id === person.teamId)?.name ?? null,
            manager: nameOf(person.managerId),
            timeZone: person.timeZone,
            active: person.active,
            editable: ctx.actor.role === 'admin' || (person.teamId !== null && managed.includes(person.teamId)),
          })),
          total: people.length,
          page,
          pageSize: PAGE_SIZE,
          canCreateTeam: ctx.actor.role === 'admin',
        },
        locale,
      ),
    };
  },
});
