// One clock for the whole window: the current Unix second, moved by a single
// timer aligned to the wall clock's second. Rows read it to show the seconds
// their code has left; only the rows in view exist, so a tick changes a dozen
// short text nodes once a second and nothing else (no animation frames).

/** Seconds a time-based code has left at `unixSeconds`. */
export function secondsLeft(period: number, unixSeconds: number): number {
  return period - (unixSeconds % period);
}

class Clock {
  now = $state(Math.floor(Date.now() / 1000));
  private timer: ReturnType<typeof setTimeout> | undefined;
  private users = 0;

  /** Starts ticking for one more user; the returned function stops it. */
  use(): () => void {
    if (this.users++ === 0) this.tick();
    return () => {
      if (--this.users === 0) clearTimeout(this.timer);
    };
  }

  private tick = () => {
    const ms = Date.now();
    this.now = Math.floor(ms / 1000);
    // A few ms past the next whole second, so the number never lags the codes.
    this.timer = setTimeout(this.tick, 1000 - (ms % 1000) + 5);
  };
}

/** The window's clock. */
export const clock = new Clock();
