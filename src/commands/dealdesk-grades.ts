import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import { DomainError } from '../domain/errors.js';
import { parseGradeRule } from '../domain/account-grade.js';
import { normalizeKey } from '../domain/text-match.js';
import { gradeRuleOf, regradeAccounts, setGradeRule } from '../store/accounts.js';
import { gradeRuleScreen } from '../views/screens/account.js';
import { t } from '../i18n/index.js';

const OFF_WORDS = new Set(['off', 'clear', 'none', '关闭', '清除']);

export const ZGradesSchema = z.object({ words: z.array(z.string()).default([]) });

/**
 * `dealdesk grades` shows the account grade rule; an admin sets it (`A won>=500k|open>=200k B won>=100k`,
 * amounts in the reporting currency) or clears it (`off`). A new rule regrades every account not graded
 * by hand at once; the nightly job (jobs/account-grades.ts) keeps them current.
 */
export const dealdeskGrades = defineCommand({
  id: 'dealdesk.grades',
  path: ['dealdesk', 'grades'],
  usage: 'usage.dealdesk.grades',
  summary: 'summary.dealdesk.grades',
  schema: ZGradesSchema,
  parse: (words) => ({ words: [...words] }),
  async run(input, ctx): Promise<CommandResult> {
    const locale = ctx.actor.locale;
    const canEdit = ctx.actor.role === 'admin';
    const currency = ctx.workspace.currency;
    if (input.words.length === 0) {
      const rule = await gradeRuleOf(ctx.db, ctx.workspace.id);
      return { screen: gradeRuleScreen({ rule, currency, canEdit }, locale) };
    }
    if (!canEdit) throw new DomainError('grades.admin_only', {});
    const by = { workspaceId: ctx.workspace.id, actorId: ctx.actor.id, now: ctx.now };
    if (input.words.length === 1 && OFF_WORDS.has(normalizeKey(input.words[0] ?? ''))) {
      await setGradeRule(ctx.db, { ...by, rule: null });
      return { screen: gradeRuleScreen({ rule: null, currency, canEdit, notice: t(locale, 'grades.cleared') }, locale) };
    }
    const rule = parseGradeRule(input.words, currency);
    await setGradeRule(ctx.db, { ...by, rule });
    const { changed } = await regradeAccounts(ctx.db, ctx.workspace.id, ctx.now);
    return { screen: gradeRuleScreen({ rule, currency, canEdit, changed, notice: t(locale, 'grades.saved') }, locale) };
  },
});
