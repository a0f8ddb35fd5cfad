/** What a person is told about a request DealDesk could not take or finish (#13). */
export const en = {
  'request.unavailable':
    'DealDesk could not take this request just now (its database is not answering), so nothing was saved. Please send it again in a minute.',
  'request.given_up': 'DealDesk could not finish your request "{what}" after several tries, so nothing was saved. Please send it again.',
  'request.draining': 'DealDesk is restarting. Please send that again in a few seconds.',
};

export const zh: Record<keyof typeof en, string> = {
  'request.unavailable': 'DealDesk 暂时无法接收这个请求（数据库没有响应），没有保存任何内容。请一分钟后再发送一次。',
  'request.given_up': 'DealDesk 多次尝试后仍未能完成你的请求“{what}”，没有保存任何内容。请重新发送。',
  'request.draining': 'DealDesk 正在重启，请几秒钟后再发送一次。',
};
