/** Files handed over in Slack and Teams (an import's CSV), and the messages about them. */
export const en = {
  'chatfile.too_large':
    '“{name}” is {size} MB; DealDesk takes files of up to {max} MB. Split it into smaller CSV files and import them one at a time.',
  'chatfile.unreadable': 'DealDesk could not download “{name}”. Send the file again; if it still fails, save it again as CSV and retry.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'chatfile.too_large': '“{name}”大小为 {size} MB，DealDesk 最多接受 {max} MB 的文件。请将其拆分为多个较小的 CSV 文件，逐个导入。',
  'chatfile.unreadable': 'DealDesk 无法下载“{name}”。请重新发送该文件；如仍失败，请将其另存为 CSV 后重试。',
};
