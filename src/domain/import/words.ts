/**
 * The words CRMs export for stages, forecast categories and lead sources, mapped to DealDesk's keys.
 * Stage names are each product's defaults: Salesforce's and Zoho CRM's standard opportunity/deal stage
 * picklists, HubSpot's default sales pipeline (labels and the internal ids its exports may carry), and
 * Fxiaoke 纷享销客's default 商机 sales process. Custom stages fall back to DealDesk's own stage names.
 */
import type { ForecastCategory, SourceChannel } from '../deal.js';
import { normalizeKey } from '../text-match.js';

const STAGE_WORDS: Readonly<Record<string, string>> = {
  // Salesforce (Opportunity.StageName defaults)
  prospecting: 'lead',
  qualification: 'qualified',
  'needs analysis': 'needs_analysis',
  'value proposition': 'needs_analysis',
  'id. decision makers': 'needs_analysis',
  'identify decision makers': 'needs_analysis',
  'perception analysis': 'needs_analysis',
  'proposal/price quote': 'proposal',
  'negotiation/review': 'negotiation',
  'closed won': 'won',
  'closed lost': 'lost',
  // Zoho CRM (Deals.Stage defaults; Qualification … Negotiation/Review as above)
  'closed-lost to competition': 'lost',
  'closed lost to competition': 'lost',
  // HubSpot default pipeline: labels and internal ids
  'appointment scheduled': 'lead',
  appointmentscheduled: 'lead',
  'qualified to buy': 'qualified',
  qualifiedtobuy: 'qualified',
  'presentation scheduled': 'needs_analysis',
  presentationscheduled: 'needs_analysis',
  'decision maker bought-in': 'proposal',
  decisionmakerboughtin: 'proposal',
  'contract sent': 'negotiation',
  contractsent: 'negotiation',
  closedwon: 'won',
  closedlost: 'lost',
  // Fxiaoke 纷享销客 default 商机 sales process, and common Chinese CRM words
  验证客户: 'lead',
  初步接触: 'qualified',
  初步接洽: 'qualified',
  需求确定: 'needs_analysis',
  需求确认: 'needs_analysis',
  '方案/报价': 'proposal',
  方案报价: 'proposal',
  方案沟通: 'proposal',
  谈判审核: 'negotiation',
  合同谈判: 'negotiation',
  商务谈判: 'negotiation',
  赢单: 'won',
  成交: 'won',
  输单: 'lost',
  丢单: 'lost',
  无效: 'lost',
};

/** The DealDesk stage key a CRM stage word stands for, when it is one of the known defaults. */
export function crmStageKey(word: string): string | undefined {
  return STAGE_WORDS[normalizeKey(word)];
}

const CATEGORY_WORDS: Readonly<Record<string, ForecastCategory>> = {
  pipeline: 'pipeline',
  'best case': 'best',
  bestcase: 'best',
  best: 'best',
  'most likely': 'best',
  mostlikely: 'best',
  upside: 'best',
  commit: 'commit',
  committed: 'commit',
  forecast: 'commit',
  closed: 'closed',
  'closed won': 'closed',
  omitted: 'omit',
  omit: 'omit',
  'not forecasted': 'omit',
  管道: 'pipeline',
  储备: 'pipeline',
  乐观: 'best',
  承诺: 'commit',
  确定: 'commit',
  已成交: 'closed',
  排除: 'omit',
  不预测: 'omit',
};

/** Salesforce ForecastCategoryName, HubSpot forecast category, Zoho forecast category, or ours. */
export function crmForecastCategory(word: string): ForecastCategory | undefined {
  return CATEGORY_WORDS[normalizeKey(word)];
}

const PARTNER = /partner|reseller|channel|referral partner|渠道|代理|合作伙伴|经销/;
const ONLINE =
  /web|online|internet|search|seo|social|e-?mail marketing|chat|download|ads?\b|advertis|paid|organic|digital|线上|网络|官网|网站|在线|搜索|广告|社交/;

/**
 * A lead source as a DealDesk channel: partner and reseller sources are `partner`; web, search, social
 * and other digital sources `online`; everything else (cold calls, trade shows, referrals, unknown) `direct`.
 */
export function crmSourceChannel(word: string): SourceChannel {
  const text = normalizeKey(word).replace(/_/g, ' ');
  if (text === 'direct' || text === 'partner' || text === 'online') return text;
  if (PARTNER.test(text)) return 'partner';
  if (ONLINE.test(text)) return 'online';
  return 'direct';
}
