import { z } from 'zod';
import { defineCommand, type CommandResult } from './command.js';
import { dateContextOf } from './context.js';
import { DomainError } from '../domain/errors.js';
import { assertAdmin } from '../domain/authz.js';
import { isCurrencyCode } from '../domain/money.js';
import { parseDate, todayIn } from '../domain/calendar.js';
import { parseRate } from '../domain/exchange.js';
import { ratesListed, setRate } from '../store/rates.js';
import { ratesScreen } from '../views/screens/rates.js';
import { formatDate } from '../views/format.js';
import { t } from '../i18n/index.js';

export const ZRatesCommandSchema = z.object({
  action: z.enum(['show', 'set'], { message: 'rates.syntax' }).default('show'),
  words: z.array(z.string()).default([]),
});

/**
 * `dealdesk rates` lists the exchange rates into the reporting currency; admins add one with
 * `dealdesk rates set CNY 0.1378 [date]` (1 CNY = 0.1378 of the reporting currency from that day on;
 * today in the workspace's zone by default). Reports convert with the rate in force on each amount's date.
 */
export const dealdeskRates = defineCommand({
  id: 'dealdesk.rates',
  path: ['dealdesk', 'rates'],
  usage: 'usage.dealdesk.rates',
  summary: 'summary.dealdesk.rates',
  schema: ZRatesCommandSchema,
  parse: ([action, ...words]) => (action === undefined ? {} : { action: action.toLowerCase(), words }),
  async run(input, ctx): Promise<CommandResult> {
    const locale = ctx.actor.locale;
    const quote = ctx.workspace.currency;
    let notice: string | undefined;
    if (input.action === 'set') {
      assertAdmin(ctx.actor);
      const [currencyWord, rateWord, ...dateWords] = input.words;
      if (currencyWord === undefined || rateWord === undefined) throw new DomainError('rates.syntax', { currency: quote });
      const currency = currencyWord.trim().toUpperCase();
      if (!isCurrencyCode(currency)) throw new DomainError('money.unknown_currency', { input: currencyWord, currency });
      if (currency === quote) throw new DomainError('rates.same_currency', { currency });
      const rate = parseRate(rateWord);
      const workspaceDay = { ...dateContextOf(ctx), timeZone: ctx.workspace.timeZone };
      const effectiveDate = dateWords.length > 0 ? parseDate(dateWords.join(' '), workspaceDay) : todayIn(workspaceDay);
      await setRate(ctx.db, { workspaceId: ctx.workspace.id, currency, quoteCurrency: quote, rate, effectiveDate, setById: ctx.actor.id });
      notice = t(locale, 'rates.saved', {
        pair: t(locale, 'rates.pair', { currency, rate, quote }),
        date: formatDate(effectiveDate, locale),
      });
    }
    const rates = await ratesListed(ctx.db, ctx.workspace.id, quote);
    return {
      screen: ratesScreen({ rates, reportingCurrency: quote, canEdit: ctx.actor.role === 'admin', ...(notice ? { notice } : {}) }, locale),
    };
  },
});
