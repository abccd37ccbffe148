import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { idleTimer } from "./idle";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("idleTimer", () => {
  it("fires after the idle minutes, and activity moves it on", () => {
    const onIdle = vi.fn();
    const idle = idleTimer(2, onIdle);
    vi.advanceTimersByTime(119_000);
    idle.poke();
    vi.advanceTimersByTime(119_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("never fires at 0 minutes or after stop", () => {
    const onIdle = vi.fn();
    idleTimer(0, onIdle);
    const stopped = idleTimer(1, onIdle);
    stopped.stop();
    vi.advanceTimersByTime(600_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
