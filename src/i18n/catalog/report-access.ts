/** Whose reports a person may read: the sentence when a report of someone else is refused. */
export const en = {
  'pipeline.forbidden': 'You can see your own pipeline, and a manager their team’s, but not {name}’s. Type /pipeline me.',
  'quota.see_forbidden': 'You can see your own quota, and a manager their team’s, but not {name}’s. Type /quota me.',
  'forecast.forbidden': 'You can see your own forecast, and a manager their team’s, but not {name}’s. Type /forecast me.',
};

export const zh: Record<keyof typeof en, string> = {
  'pipeline.forbidden': '你可以查看自己的销售管道，经理可以查看所带团队的销售管道，但不能查看{name}的。请输入 /pipeline me。',
  'quota.see_forbidden': '你可以查看自己的指标，经理可以查看所带团队的指标，但不能查看{name}的。请输入 /quota me。',
  'forecast.forbidden': '你可以查看自己的预测，经理可以查看所带团队的预测，但不能查看{name}的。请输入 /forecast me。',
};
