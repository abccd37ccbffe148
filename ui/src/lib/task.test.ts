import { describe, expect, it } from "vitest";
import { Task } from "./task.svelte";

describe("Task", () => {
  it("is busy while the work runs and returns its value", async () => {
    const task = new Task();
    let seen = false;
    const value = await task.run(
      async () => {
        seen = task.busy;
        return 7;
      },
      () => {
        throw new Error("not called");
      },
    );
    expect(seen).toBe(true);
    expect(value).toBe(7);
    expect(task.busy).toBe(false);
  });

  it("turns a rejection into a sentence and the typed error", async () => {
    const task = new Task();
    const failures: Array<[string, string]> = [];
    const value = await task.run(
      () => Promise.reject({ kind: "wrong_passphrase", message: "wrong passphrase" }),
      (message, error) => failures.push([message, error.kind]),
    );
    expect(value).toBeUndefined();
    expect(failures).toEqual([["Wrong passphrase.", "wrong_passphrase"]]);
    expect(task.busy).toBe(false);
  });
});
