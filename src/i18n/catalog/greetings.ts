/** The answer to "hello", "hi", "help" typed to DealDesk in a chat (a Slack DM, a Teams message). */
export const en = {
  'greeting.hello': 'Hi {name}! I am DealDesk: I keep your team’s deals, pipeline, quota and forecast.',
  'greeting.who_team': 'You are a {role} in the team {team}, in “{workspace}”.',
  'greeting.who': 'You are a {role} in “{workspace}”.',
  'greeting.start': 'Three commands to start with:',
  'greeting.rep_new': 'log a deal you own',
  'greeting.rep_list': 'your open deals, each with its buttons',
  'greeting.rep_pipeline': 'your open pipeline by stage',
  'greeting.manager_pipeline': 'your team’s open pipeline by stage',
  'greeting.manager_forecast': 'this quarter’s forecast against quota',
  'greeting.manager_stale': 'the team’s deals nobody has touched lately',
  'greeting.here': 'Here you can also type them without the slash.',
  'greeting.help':
    'All commands has every task with lines to copy; help deal (or help pipeline, help quota …) gives one command’s syntax and examples.',
  'greeting.all_commands': 'All commands',
};

export const zh: Record<keyof typeof en, string> = {
  'greeting.hello': '{name}，你好！我是 DealDesk，帮团队管理交易、管道、配额和预测。',
  'greeting.who_team': '你在“{workspace}”的 {team} 团队，角色是{role}。',
  'greeting.who': '你在“{workspace}”，角色是{role}。',
  'greeting.start': '可以先试试这三个命令：',
  'greeting.rep_new': '记录一笔你负责的交易',
  'greeting.rep_list': '你的进行中交易，每笔都带按钮',
  'greeting.rep_pipeline': '按阶段查看你的管道',
  'greeting.manager_pipeline': '按阶段查看团队的管道',
  'greeting.manager_forecast': '本季度预测与配额的对比',
  'greeting.manager_stale': '团队里近期无人跟进的交易',
  'greeting.here': '在这里也可以不带斜杠直接输入。',
  'greeting.help': '“全部命令”按任务列出可直接输入的示例；help deal（或 help pipeline、help quota …）给出单个命令的语法和示例。',
  'greeting.all_commands': '全部命令',
};
