/** `/dealdesk export`: the answer, its refusals, and how each surface hands the file over. */
export const en = {
  'usage.dealdesk.export': '/dealdesk export deals|events|quotas [period]',
  'summary.dealdesk.export': 'Download deals, deal events or quotas as a CSV file (opens in Excel; /dealdesk import reads it back)',
  'export.kind':
    '“{input}” cannot be exported. Type /dealdesk export deals, /dealdesk export events or /dealdesk export quotas, then a period if you want one (this quarter, 2026-Q4).',
  'export.kind_missing':
    'Say what to export: /dealdesk export deals, /dealdesk export events or /dealdesk export quotas, then a period if you want one (this quarter, 2026-Q4).',
  'export.done.deals': 'Exported {count} deals{period} · {file}',
  'export.done.deals_one': 'Exported 1 deal{period} · {file}',
  'export.done.events': 'Exported {count} deal events{period} · {file}',
  'export.done.events_one': 'Exported 1 deal event{period} · {file}',
  'export.done.quotas': 'Exported {count} quotas{period} · {file}',
  'export.done.quotas_one': 'Exported 1 quota{period} · {file}',
  'export.empty.deals': 'No deals to export{period}.',
  'export.empty.events': 'No deal events to export{period}.',
  'export.empty.quotas': 'No quotas to export{period}.',
  'export.period': ' ({period})',
  'export.reach.everything': 'Everything in the workspace.',
  'export.reach.teams': 'Your own, and those of the teams you manage: {teams}.',
  'export.reach.own': 'Your own only: reps export their own deals and quotas.',
  'export.saved': 'Saved to {path}',
  'export.file_description': 'DealDesk export · {file}',
  'export.teams.in_personal_chat': '{file} is waiting for you in your personal chat with DealDesk: files come there.',
  'export.teams.no_personal_chat':
    'Files come in your personal chat with DealDesk, which you have not opened yet: open it (say hello to DealDesk), then type the command there.',
  'export.teams.declined': 'OK, {file} was not sent.',
  'export.teams.failed': '{file} could not be uploaded. Type the command again to retry.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'usage.dealdesk.export': '/dealdesk export deals|events|quotas [期间]',
  'summary.dealdesk.export': '将商机、商机事件或配额下载为 CSV 文件（可用 Excel 打开；/dealdesk import 可读回）',
  'export.kind':
    '无法导出“{input}”。请输入 /dealdesk export deals、/dealdesk export events 或 /dealdesk export quotas，需要时再加期间（本季度、2026-Q4）。',
  'export.kind_missing':
    '请说明要导出什么：/dealdesk export deals、/dealdesk export events 或 /dealdesk export quotas，需要时再加期间（本季度、2026-Q4）。',
  'export.done.deals': '已导出 {count} 个商机{period} · {file}',
  'export.done.deals_one': '已导出 1 个商机{period} · {file}',
  'export.done.events': '已导出 {count} 条商机事件{period} · {file}',
  'export.done.events_one': '已导出 1 条商机事件{period} · {file}',
  'export.done.quotas': '已导出 {count} 个配额{period} · {file}',
  'export.done.quotas_one': '已导出 1 个配额{period} · {file}',
  'export.empty.deals': '没有可导出的商机{period}。',
  'export.empty.events': '没有可导出的商机事件{period}。',
  'export.empty.quotas': '没有可导出的配额{period}。',
  'export.period': '（{period}）',
  'export.reach.everything': '工作区的全部数据。',
  'export.reach.teams': '您自己的，以及您管理的团队的：{teams}。',
  'export.reach.own': '仅限您自己的：销售代表只能导出自己的商机和配额。',
  'export.saved': '已保存到 {path}',
  'export.file_description': 'DealDesk 导出 · {file}',
  'export.teams.in_personal_chat': '{file} 已发到您与 DealDesk 的个人聊天中：文件都在那里发送。',
  'export.teams.no_personal_chat':
    '文件会发到您与 DealDesk 的个人聊天中，但您还没有打开过它：请先打开（向 DealDesk 打个招呼），再在那里输入该命令。',
  'export.teams.declined': '好的，未发送 {file}。',
  'export.teams.failed': '{file} 上传失败。请再次输入该命令重试。',
};
