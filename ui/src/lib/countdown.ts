// The countdown ring and the "next code" reveal run as CSS animations that
// start when a code is drawn: no JavaScript runs between rollovers.

/** Seconds before a rollover when the next code appears. */
export const NEXT_CODE_LEAD = 5;

/**
 * Inline style for a row: the period, how far into it we are (a negative
 * delay starts the ring part-way) and when the next code appears.
 */
export function periodStyle(period: number | null, remaining: number | null): string {
  if (period === null || remaining === null) return "";
  const elapsed = Math.max(0, Math.min(period, period - remaining));
  const reveal = remaining - NEXT_CODE_LEAD;
  return `--period: ${period}s; --elapsed: -${elapsed}s; --steps: ${period}; --reveal: ${reveal}s`;
}

/** The minimal view of an account the countdown needs. */
export interface Timed {
  period: number | null;
  remaining: number | null;
}

/**
 * Each period in use, most used first, with the seconds left in it; the
 * first is the one rows leave unlabelled.
 */
export function periodsInUse(accounts: Timed[]): Array<{ period: number; remaining: number }> {
  const count = new Map<number, { remaining: number; n: number }>();
  for (const a of accounts) {
    if (a.period === null || a.remaining === null) continue;
    const seen = count.get(a.period);
    count.set(a.period, { remaining: a.remaining, n: (seen?.n ?? 0) + 1 });
  }
  return [...count.entries()]
    .sort((x, y) => y[1].n - x[1].n || x[0] - y[0])
    .map(([period, { remaining }]) => ({ period, remaining }));
}
