import { afterEach, describe, expect, it } from "vitest";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { commands, toCommandError } from "./ipc";

afterEach(() => clearMocks());

describe("ipc", () => {
  it("calls the about command and returns its payload", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "about") return { name: "Watchword", version: "9.9.9" };
      throw new Error(`unexpected command ${cmd}`);
    });
    await expect(commands.about()).resolves.toEqual({ name: "Watchword", version: "9.9.9" });
    expect(calls).toEqual(["about"]);
  });

  it("rejects with the shell's {kind, message} unchanged", async () => {
    mockIPC(() => {
      throw { kind: "invalid_uri", message: "secret: missing" };
    });
    await expect(commands.about()).rejects.toEqual({ kind: "invalid_uri", message: "secret: missing" });
  });

  it("normalizes foreign rejections into {kind, message}", () => {
    expect(toCommandError("boom")).toEqual({ kind: "internal", message: "boom" });
    expect(toCommandError(new Error("bad"))).toEqual({ kind: "internal", message: "bad" });
    expect(toCommandError(42).kind).toBe("internal");
    expect(toCommandError({ kind: 1, message: "x" }).kind).toBe("internal");
  });
});
