// The one module that talks to the Rust side. The commands, events and types
// are generated from the Rust code into ./bindings.ts (`make bindings`); this
// module only makes every command reject with a {kind, message} CommandError,
// whatever the webview's IPC threw.
import type { UnlistenFn } from "@tauri-apps/api/event";
import { commands as generated, events } from "./bindings";
import type { Arrival, CommandError, FollowWaiting, Locked, Settings as SettingsSent } from "./bindings";

export type * from "./bindings";

/** The settings as the shell sends them: every field set (the generated type
 * marks them optional because the settings file may omit any). */
export type Settings = Required<SettingsSent>;

/** Turns whatever a rejected invoke() carried into a CommandError. */
export function toCommandError(raw: unknown): CommandError {
  if (typeof raw === "object" && raw !== null && "kind" in raw && "message" in raw) {
    const { kind, message } = raw as Record<string, unknown>;
    if (typeof kind === "string" && typeof message === "string") return raw as CommandError;
  }
  if (typeof raw === "string") return { kind: "internal", message: raw };
  if (raw instanceof Error) return { kind: "internal", message: raw.message };
  return { kind: "internal", message: "Something went wrong in the app." };
}

/** `Settings` when `T` is the settings, else `T`. */
type Narrow<T> = T extends SettingsSent ? (SettingsSent extends T ? Settings : T) : T;
/** The generated commands, with the settings they return narrowed. */
type Commands = {
  [K in keyof typeof generated]: (typeof generated)[K] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Promise<Narrow<R>>
    : (typeof generated)[K];
};

/** Every command of the shell, as generated, rejecting with a CommandError. */
export const commands: Commands = Object.fromEntries(
  Object.entries(generated).map(([name, command]) => [
    name,
    async (...args: unknown[]) => {
      try {
        return await (command as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (raw) {
        throw toCommandError(raw);
      }
    },
  ]),
) as Commands;

/** Calls `handler` for each arrival (a drop, a link) until the returned function is called. */
export function onArrival(handler: (arrival: Arrival) => void): Promise<UnlistenFn> {
  return events.arrival.listen((event) => handler(event.payload));
}

/** Calls `handler` when the shell locked the vault (the tray). */
export function onLocked(handler: (locked: Locked) => void): Promise<UnlistenFn> {
  return events.locked.listen((event) => handler(event.payload));
}

/** Calls `handler` each time the quick pick opens (the page starts afresh). */
export function onQuickOpened(handler: () => void): Promise<UnlistenFn> {
  return events.quickOpened.listen(() => handler());
}

/** Calls `handler` when closing the window would first keep the app in the tray. */
export function onTrayNotice(handler: () => void): Promise<UnlistenFn> {
  return events.trayNotice.listen(() => handler());
}

/** Calls `handler` when the vault was unlocked in the quick pick. */
export function onVaultOpened(handler: () => void): Promise<UnlistenFn> {
  return events.vaultOpened.listen(() => handler());
}

/** Calls `handler` when a background sync or a followed folder changed the vault. */
export function onVaultChanged(handler: () => void): Promise<UnlistenFn> {
  return events.vaultChanged.listen(() => handler());
}

/** Calls `handler` when the shell's watcher found files in followed folders that wait for review. */
export function onFollowWaiting(handler: (waiting: FollowWaiting) => void): Promise<UnlistenFn> {
  return events.followWaiting.listen((event) => handler(event.payload));
}
