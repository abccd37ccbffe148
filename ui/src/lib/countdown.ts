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
