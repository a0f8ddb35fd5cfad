/** Reports sliced by channel or region: `/pipeline … by channel`, `/forecast … by region`, the digest's line per channel. */
export const en = {
  'report.by_unknown': '“{word}” is not a way to slice this report. Type by channel or by region, e.g. /pipeline team by channel.',
  'slices.by.channel': 'by channel',
  'slices.by.region': 'by region',
  'slices.col.channel': 'Channel',
  'slices.col.region': 'Region',
  'slices.whole.channel': 'All channels',
  'slices.whole.region': 'All regions',
  'slices.empty': 'No open deal.',
  'slices.pipeline.whole_value': '{count} deals · {total} · weighted {weighted}',
  'slices.pipeline.whole_value_one': '1 deal · {total} · weighted {weighted}',
  'slices.pipeline.legend':
    'One block per slice, largest first. “{whole}” is the whole pipeline, as /pipeline shows it: the slices add up to it (each slice’s amounts in {currency} are rounded on their own).',
  'slices.forecast.col.weighted': 'Weighted forecast',
  'slices.forecast.legend':
    'Per slice: closed won, and the open deals closing in the period by forecast category (omitted deals left out); weighted forecast = closed won + weighted open pipeline, in {currency}. Quotas belong to people and teams, not slices: the whole forecast compares with the quota.',
  'slices.action.whole_pipeline': 'Whole pipeline',
  'slices.action.whole_forecast': 'Whole forecast',
  'digest.by_channel': 'By channel (won in {period} · open now): {channels}',
  'digest.by_channel.item': '{channel} {won} won · {open} open',
};

export const zh: Record<keyof typeof en, string> = {
  'report.by_unknown': '“{word}”不是这份报表的分组方式。请输入 by channel 或 by region，例如 /pipeline team by channel。',
  'slices.by.channel': '按渠道',
  'slices.by.region': '按区域',
  'slices.col.channel': '渠道',
  'slices.col.region': '区域',
  'slices.whole.channel': '全部渠道',
  'slices.whole.region': '全部区域',
  'slices.empty': '没有进行中的商机。',
  'slices.pipeline.whole_value': '{count} 个商机 · {total} · 加权 {weighted}',
  'slices.pipeline.whole_value_one': '1 个商机 · {total} · 加权 {weighted}',
  'slices.pipeline.legend':
    '每个分组一块，金额大的在前。“{whole}”即整体销售管道，与 /pipeline 显示的一致：各分组相加等于整体（各分组的 {currency} 金额分别取整）。',
  'slices.forecast.col.weighted': '加权预测',
  'slices.forecast.legend':
    '每个分组：已成交，以及预计在本期内成交的进行中商机按预测类别汇总（已排除的商机不计入）；加权预测 = 已成交 + 进行中商机加权金额，以 {currency} 计。指标属于个人和团队，不属于分组：整体预测才与指标比较。',
  'slices.action.whole_pipeline': '整体销售管道',
  'slices.action.whole_forecast': '整体业绩预测',
  'digest.by_channel': '按渠道（{period}赢单 · 当前进行中）：{channels}',
  'digest.by_channel.item': '{channel} 赢单 {won} · 进行中 {open}',
};
