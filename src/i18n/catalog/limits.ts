/** Refusals of input too large to read (issue #13): each says the limit and what to do instead. */
export const en = {
  'input.too_long': 'That command is {length} characters long; DealDesk reads at most {max}. Type a shorter one, e.g. /deal show D-42.',
  'input.field_too_long': '“{field}” is {length} characters long; at most {max} fit. Shorten it and send it again.',
} as const;

export const zh: Record<keyof typeof en, string> = {
  'input.too_long': '这条命令有 {length} 个字符，DealDesk 最多读取 {max} 个。请输入短一些的命令，例如 /deal show D-42。',
  'input.field_too_long': '“{field}”有 {length} 个字符，最多只能 {max} 个。请缩短后再发送。',
};
