// Locks after a stretch without input: one timer, moved on by activity at
// most once a second, so mouse movement costs nothing measurable.

/** Starts watching; `poke` on input, `stop` when done. */
export function idleTimer(minutes: number, onIdle: () => void, now: () => number = Date.now) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastPoke = 0;
  const arm = () => {
    clearTimeout(timer);
    if (minutes > 0) timer = setTimeout(onIdle, minutes * 60_000);
  };
  arm();
  return {
    poke() {
      const t = now();
      if (t - lastPoke < 1000) return;
      lastPoke = t;
      arm();
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
