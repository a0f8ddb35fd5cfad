// Reading figures back from what a screen shows, for tests that compare them with plain SQL.
// Each parser refuses anything but the exact form the screen should print, so a change of format fails loudly.

/** "$1,234.50", "CN¥2,768,000.00", "€5.00", "−$5.00" → minor units (2-digit currencies; compact amounts are refused). */
export function minor(text: string): number {
  const match = /^([-−])?[^\d−-]*(\d{1,3}(?:,\d{3})*)\.(\d{2})$/.exec(text.trim());
  if (!match?.[2] || !match[3]) throw new Error(`not a full money amount: "${text}"`);
  const value = Number(`${match[2].replace(/,/g, '')}${match[3]}`);
  return match[1] ? -value : value;
}

/** "1,234" → 1234. */
export function integer(text: string): number {
  if (!/^\d{1,3}(,\d{3})*$/.test(text)) throw new Error(`not a count: "${text}"`);
  return Number(text.replace(/,/g, ''));
}

/** "39.4%" → 39.4; "—" → null. */
export function percentValue(text: string): number | null {
  if (text === '—') return null;
  const match = /^(\d{1,3}(?:,\d{3})*(?:\.\d)?)%$/.exec(text);
  if (!match?.[1]) throw new Error(`not a percentage: "${text}"`);
  return Number(match[1].replace(/,/g, ''));
}

/** "12 d" → 12; "—" → null. */
export function days(text: string): number | null {
  if (text === '—') return null;
  const match = /^(\d+) d$/.exec(text);
  if (!match) throw new Error(`not a number of days: "${text}"`);
  return Number(match[1]);
}

/** "2.5×" → 2.5; "—" → null. */
export function coverageValue(text: string): number | null {
  if (text === '—') return null;
  const match = /^(\d+(?:\.\d)?)×$/.exec(text);
  if (!match) throw new Error(`not a coverage: "${text}"`);
  return Number(match[1]);
}
