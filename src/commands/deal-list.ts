import { z } from 'zod';
import { defineCommand, forField } from './command.js';
import { dateContextOf, type CommandContext } from './context.js';
import { stageAt, stageOf } from './deal-args.js';
import { resolveScopeWords, splitScopeWords } from './scope.js';
import { listDeals } from '../store/deals.js';
import { todayIn } from '../domain/calendar.js';
import { stageName, stageKeys } from '../domain/stages.js';
import { lookupWord, normalizeKey } from '../domain/text-match.js';
import { dealListScreen } from '../views/screens/deal-list.js';
import { joinTokens } from './tokenize.js';
import { t } from '../i18n/index.js';

export const PAGE_SIZE = 10;

const FILTERS: Record<string, 'stale' | 'slipping' | 'due'> = {
  stale: 'stale',
  停滞: 'stale',
  slipping: 'slipping',
  slipped: 'slipping',
  overdue: 'slipping',
  逾期: 'slipping',
  延期: 'slipping',
  due: 'due',
  todo: 'due',
  待办: 'due',
  到期: 'due',
};

export const ZDealListSchema = z.object({
  scope: z.array(z.string()),
  stage: z.string().optional(),
  filter: z.enum(['stale', 'slipping', 'due']).optional(),
  page: z
    .number({ invalid_type_error: 'list.page_invalid' })
    .int('list.page_invalid')
    .min(1, 'list.page_invalid')
    .max(10_000, 'list.page_invalid')
    .default(1),
});

/** `deal list [mine|@user|team [name]|all] [stage] [stale|slipping] [page N]`, in any order after the scope. */
export async function parseDealList(args: readonly string[], ctx: CommandContext): Promise<unknown> {
  const { scope, rest } = await splitScopeWords(ctx, args);
  const raw: { scope: string[]; stage?: string; filter?: string; page?: number } = { scope };
  let i = 0;
  for (let typed = rest[i]; typed !== undefined; typed = rest[i]) {
    const word = normalizeKey(typed);
    const stage = stageAt(rest, i, ctx.workspace.stages);
    const filter = lookupWord(FILTERS, word);
    if (filter) {
      raw.filter = filter;
      i += 1;
    } else if ((word === 'page' || word === '页' || word === 'p') && rest[i + 1] !== undefined) {
      raw.page = Number(rest[i + 1]);
      i += 2;
    } else if (stage) {
      raw.stage = stage.stage;
      i += stage.length;
    } else {
      stageOf(ctx, typed); // throws stage.unknown with a suggestion
      i += 1;
    }
  }
  return raw;
}

export const dealList = defineCommand({
  id: 'deal.list',
  path: ['deal', 'list'],
  usage: 'usage.deal.list',
  summary: 'summary.deal.list',
  schema: ZDealListSchema,
  parse: parseDealList,
  async run(input, ctx) {
    const locale = ctx.actor.locale;
    const scope = await resolveScopeWords(ctx, input.scope);
    const stageWord = input.stage;
    const stage = stageWord ? forField('stage', () => stageOf(ctx, stageWord)) : undefined;
    const openKeys = stageKeys(ctx.workspace.stages, 'open');
    const today = todayIn(dateContextOf(ctx));
    const staleBefore = new Date(ctx.now.getTime() - ctx.workspace.staleAfterDays * 86_400_000);
    const { total, deals } = await listDeals(
      ctx.db,
      {
        workspaceId: ctx.workspace.id,
        ...scope.deals,
        stages: stage ? [stage.key] : openKeys,
        ...(input.filter === 'slipping' ? { slippingBefore: today } : {}),
        ...(input.filter === 'stale' ? { staleBefore } : {}),
        ...(input.filter === 'due' ? { nextStepDueBy: today } : {}),
      },
      { offset: (input.page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
    );
    const parts = [
      scope.label,
      stage ? stageName(stage, locale) : t(locale, 'list.open_deals'),
      ...(input.filter ? [t(locale, `list.filter.${input.filter}`)] : []),
    ];
    const command = joinTokens([
      'deal',
      'list',
      ...input.scope,
      ...(input.stage ? [input.stage] : []),
      ...(input.filter ? [input.filter] : []),
    ]);
    return {
      screen: dealListScreen(
        {
          heading: parts.join(' · '),
          deals,
          stages: ctx.workspace.stages,
          total,
          page: input.page,
          pageSize: PAGE_SIZE,
          command,
          nextSteps: input.filter === 'due',
        },
        locale,
      ),
    };
  },
});
