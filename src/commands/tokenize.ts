/**
 * Splits a command line into words. Quotes group words ("Acme Corp", “Acme Corp”, 「方案」), so an
 * account name or a next step with spaces can be passed as one argument.
 */
const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '「': '」', '『': '』' };

export function tokenize(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let quoted = false;
  let closing: string | undefined;
  for (const char of line.trim()) {
    if (closing !== undefined) {
      if (char === closing) closing = undefined;
      else current += char;
      continue;
    }
    if (/\s/.test(char)) {
      if (current || quoted) tokens.push(current);
      current = '';
      quoted = false;
      continue;
    }
    // An apostrophe inside a word ("O'Brien") is a letter, not a quote.
    const close = QUOTES[char];
    if (close !== undefined && current === '') {
      closing = close;
      quoted = true;
      continue;
    }
    current += char;
  }
  if (current || quoted) tokens.push(current);
  return tokens;
}

/** Inverse of tokenize for building button commands: quotes words that contain spaces. */
export function joinTokens(tokens: readonly string[]): string {
  return tokens.map((token) => (token === '' || /\s/.test(token) ? `"${token.replace(/"/g, '”')}"` : token)).join(' ');
}
