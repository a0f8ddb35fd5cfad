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
  'slices.action.whole_scorecard': 'Whole scorecard',
  'slices.action.whole_leaderboard': 'Whole leaderboard',
  'slices.action.whole_quota': 'Whole quota report',
  'slices.scorecard.legend':
    'A line per slice with the scorecard’s figures of its deals (follow-ups logged on them, whoever logged them); “{whole}” is every deal of the scope, so the counts and amounts of the slices add up to it. No attainment per slice: quotas belong to people and teams. Amounts in {currency}.',
  'slices.leaderboard.legend':
    'In each slice the people are ranked on their deals there; attainment there is what they won there ÷ their whole quota.',
  'slices.quota.col.share': 'Of quota',
  'slices.quota.legend.regions':
    'Each region has its teams’ quotas (teams without a region, and people in no team, are in “no region”); “{whole}” is the whole report, as /quota shows it. {elapsed} of the period has passed.',
  'slices.quota.legend.share':
    'Quotas are set for people and teams, not for slices: each slice shows what was won there and its share of the whole quota; “{whole}” is the whole report, as /quota shows it. {elapsed} of the period has passed.',
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
  'slices.action.whole_scorecard': '整体绩效',
  'slices.action.whole_leaderboard': '整体排行榜',
  'slices.action.whole_quota': '整体指标达成',
  'slices.scorecard.legend':
    '每个分组一行，为该分组商机的绩效数字（其中的跟进按商机计，不论由谁记录）；“{whole}”为范围内的全部商机，各分组的数量和金额相加等于它。分组没有指标达成率：指标属于个人和团队。金额以 {currency} 计。',
  'slices.leaderboard.legend': '每个分组内按各人在该分组的商机排名；该分组的达成率 = 在该分组的赢单 ÷ 本人全部指标。',
  'slices.quota.col.share': '占指标',
  'slices.quota.legend.regions':
    '每个区域计入其团队的指标（未设区域的团队和不属于任何团队的人计入“未设区域”）；“{whole}”即整体报表，与 /quota 显示的一致。本期已过去 {elapsed}。',
  'slices.quota.legend.share':
    '指标按个人和团队设定，不按分组：每个分组显示在该分组的赢单及其占整体指标的比例；“{whole}”即整体报表，与 /quota 显示的一致。本期已过去 {elapsed}。',
  'digest.by_channel': '按渠道（{period}赢单 · 当前进行中）：{channels}',
  'digest.by_channel.item': '{channel} 赢单 {won} · 进行中 {open}',
};
