/** Charts (#15 point 8): their titles and series names, and where the shell saved a chart's picture. */
export const en = {
  'chart.pipeline': 'Open pipeline by stage',
  'chart.total': 'Total',
  'chart.funnel': 'Deals that entered each stage',
  'chart.entered': 'Entered',
  'chart.forecast': 'Forecast against quota',
  'chart.amount': 'Amount',
  'chart.commit_forecast': 'Commit forecast',
  'chart.best_case_forecast': 'Best case forecast',
  'chart.weighted_forecast': 'Weighted forecast',
  'chart.won_by_week': 'Won by week (weeks from Monday)',
  'chart.won': 'Won',
  'chart.ranking': 'Ranking: {metric}',
  'chart.saved': 'Chart saved as {path}',
};

export const zh: Record<keyof typeof en, string> = {
  'chart.pipeline': '各阶段未结管道',
  'chart.total': '总额',
  'chart.funnel': '进入各阶段的交易',
  'chart.entered': '进入',
  'chart.forecast': '预测与配额对比',
  'chart.amount': '金额',
  'chart.commit_forecast': '承诺预测',
  'chart.best_case_forecast': '最佳预测',
  'chart.weighted_forecast': '加权预测',
  'chart.won_by_week': '每周赢单金额（周一起算）',
  'chart.won': '赢单',
  'chart.ranking': '排名：{metric}',
  'chart.saved': '图表已保存：{path}',
};
