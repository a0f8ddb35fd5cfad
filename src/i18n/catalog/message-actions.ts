/** "Log as note on a deal" from a Slack message shortcut or a Teams message action (#16). */
export const en = {
  'message_note.action': 'Log as note on a deal',
  'message_note.title': 'Log as note',
  'message_note.deal': 'Deal',
  'message_note.deal_placeholder': 'Choose one of your open deals',
  'message_note.deal_hint': 'Your open deals, the most recently active first.',
  'message_note.kind': 'Kind',
  'message_note.text': 'Note',
  'message_note.cut': 'The message was longer than a note allows ({max} characters): its end was left out.',
  'message_note.no_deals': 'You have no open deals to log this on. Log one first: /deal new <account> <amount>, then try again.',
  'message_note.already': 'That note was logged already.',
  'note.kind_unknown': 'Choose the kind of follow-up: call, meeting, email or note.',
};

export const zh: Record<keyof typeof en, string> = {
  'message_note.action': '记为商机跟进',
  'message_note.title': '记为跟进',
  'message_note.deal': '商机',
  'message_note.deal_placeholder': '选择一笔你进行中的商机',
  'message_note.deal_hint': '你进行中的商机，最近有动态的在前。',
  'message_note.kind': '类型',
  'message_note.text': '内容',
  'message_note.cut': '这条消息超过了跟进记录的上限（{max} 个字符），末尾部分未填入。',
  'message_note.no_deals': '你没有进行中的商机可记录。请先用 /deal new <客户> <金额> 记录一笔，再试一次。',
  'message_note.already': '这条跟进已经记录过了。',
  'note.kind_unknown': '请选择跟进类型：电话、会议、邮件或备注。',
};
