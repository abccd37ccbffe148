// The countdown ring (moved once a second by the list's one timer) and the
// "next code" reveal (a one-shot CSS animation started when a code is drawn).

/** Seconds before a rollover when the next code appears. */
export const NEXT_CODE_LEAD = 5;

/**
 * Inline style for a row: when, from now, its next code appears (negative
 * when already inside the last seconds, which shows it at once).
 */
export function revealStyle(period: number | null, remaining: number | null): string {
  if (period === null || remaining === null) return "";
  return `--reveal: ${remaining - NEXT_CODE_LEAD}s`;
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

/**
 * How much of the ring has drained at `unixSeconds` for `period` (0 = full,
 * 100 = empty), as the SVG's stroke-dashoffset with pathLength 100.
 */
export function ringOffset(period: number, unixSeconds: number): number {
  return Math.round(((unixSeconds % period) / period) * 1000) / 10;
}

/** Seconds between the ring's moves (see Countdown.svelte for why not 1). */
export const RING_STEP = 5;

/** Unix seconds at `ms`, rounded down to the ring's step. */
export function stepped(ms: number): number {
  const seconds = Math.floor(ms / 1000);
  return seconds - (seconds % RING_STEP);
}
