/** "Share to channel" on a private Slack answer (#16 point 4): the button, who shared it, and why it could not be posted. */
export const en = {
  'share.action': 'Share to channel',
  'share.by': 'Shared by {name}',
  'share.not_shareable':
    'Only reports and deal cards can be shared to a channel. Type the report again, e.g. /pipeline, and press Share to channel on its answer.',
  'share.not_in_channel':
    'DealDesk is not in this channel, so it cannot post here. Type /invite @DealDesk in the channel, then press Share to channel again.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'share.action': '分享到频道',
  'share.by': '由 {name} 分享',
  'share.not_shareable': '只有报表和商机卡片可以分享到频道。请重新输入报表命令，例如 /pipeline，再在回答上点击“分享到频道”。',
  'share.not_in_channel': 'DealDesk 不在这个频道里，无法在此发布。请在频道中输入 /invite @DealDesk，然后再次点击“分享到频道”。',
};
