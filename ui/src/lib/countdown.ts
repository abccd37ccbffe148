// The "next code": shown beside the code in its period's last seconds, read
// off the window's one clock (the same tick that moves the seconds left), so
// no animation or timer of its own keeps the page drawing frames.

/** Seconds before a rollover when the next code appears. */
export const NEXT_CODE_LEAD = 5;

/** Whether a time-based code with `left` seconds to go shows its successor. */
export function nextCodeShown(left: number | null): boolean {
  return left !== null && left <= NEXT_CODE_LEAD;
}
