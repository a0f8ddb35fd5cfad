/** Lines only the local terminal shell prints. */
export const en = {
  'shell.welcome':
    'DealDesk shell — workspace “{workspace}”. You are {name} ({role}). Type /dealdesk help, /as <name> to act as someone else, !N to press button N, /quit to leave.',
  'shell.demo_created':
    'Created a demo workspace with sample data (3 teams, 12 reps, {deals} deals). Start with --no-demo for an empty workspace.',
  'shell.acting_as': 'You are now {name} (@{handle}, {role}).',
  'shell.as_missing': 'Say who to act as: /as <name or @handle>. Members: {members}.',
  'shell.no_button': 'There is no button !{n} on the last answer. Buttons: {count}.',
  'shell.no_buttons': 'The last answer has no buttons.',
  'shell.input_needed': '{prompt} (type it on the next line)',
  'shell.bye': 'Bye.',
  'role.rep': 'rep',
  'role.manager': 'manager',
  'role.admin': 'admin',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'shell.welcome':
    'DealDesk 终端 — 工作区“{workspace}”。您是 {name}（{role}）。输入 /dealdesk help 查看命令，/as <姓名> 切换身份，!N 按下第 N 个按钮，/quit 退出。',
  'shell.demo_created': '已创建示例工作区（3 个团队、12 名销售、{deals} 个商机）。使用 --no-demo 启动可得到空白工作区。',
  'shell.acting_as': '您现在是 {name}（@{handle}，{role}）。',
  'shell.as_missing': '请指明身份：/as <姓名或 @用户名>。成员：{members}。',
  'shell.no_button': '上一条回复中没有按钮 !{n}。按钮数：{count}。',
  'shell.no_buttons': '上一条回复没有按钮。',
  'shell.input_needed': '{prompt}（请在下一行输入）',
  'shell.bye': '再见。',
  'role.rep': '销售',
  'role.manager': '经理',
  'role.admin': '管理员',
};
