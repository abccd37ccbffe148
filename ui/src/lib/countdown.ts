// The "next code" reveal: a one-shot CSS animation started when a code is
// drawn, delayed until the period's last seconds (no timer per row).

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
