/**
 * Fitting a screen into a platform's limits, shared by the Block Kit and Adaptive Card renderers. A
 * screen is a list of segments (a table's rows, a list's items, a text's lines); when the whole does
 * not fit, frames (header, buttons) keep their room first, then content in reading order keeps as
 * many units as still fit. Renderers add the "and N more" line for what was cut.
 */
export type FitSegment = { size: number; priority: 'frame' | 'content' };

/** How many units of each segment to keep so that `fits(keeps)` holds. */
export function fitKeeps(segments: readonly FitSegment[], fits: (keeps: readonly number[]) => boolean): number[] {
  const keeps = segments.map((segment) => segment.size);
  if (fits(keeps)) return keeps;
  const order = [...segments.keys()].filter((i) => (segments[i]?.size ?? 0) > 0);
  for (const i of order) keeps[i] = 0;
  const sorted = [...order.filter((i) => segments[i]?.priority === 'frame'), ...order.filter((i) => segments[i]?.priority === 'content')];
  for (const i of sorted) {
    const size = segments[i]?.size ?? 0;
    const fitsWith = (keep: number): boolean => {
      keeps[i] = keep;
      return fits(keeps);
    };
    if (fitsWith(size)) continue;
    // Binary search for the largest count that fits; sizes are not always monotonic (a cut adds a
    // "more" line), so step down until it really does.
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (fitsWith(mid)) lo = mid;
      else hi = mid - 1;
    }
    while (lo > 0 && !fitsWith(lo)) lo--;
    keeps[i] = lo;
  }
  return keeps;
}
