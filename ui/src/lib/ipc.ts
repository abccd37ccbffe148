// The one module that talks to the Rust side. Everything the UI may ask the
// shell for is a typed function here; the rest of the UI never sees invoke().
import { invoke } from "@tauri-apps/api/core";

/** The error shape every Watchword command rejects with. */
export interface CommandError {
  kind: string;
  message: string;
}

/** Name and version, as the About box shows them. */
export interface About {
  name: string;
  version: string;
}

/** Turns whatever a rejected invoke() carried into a CommandError. */
export function toCommandError(raw: unknown): CommandError {
  if (typeof raw === "object" && raw !== null && "kind" in raw && "message" in raw) {
    const { kind, message } = raw as Record<string, unknown>;
    if (typeof kind === "string" && typeof message === "string") return { kind, message };
  }
  if (typeof raw === "string") return { kind: "internal", message: raw };
  if (raw instanceof Error) return { kind: "internal", message: raw.message };
  return { kind: "internal", message: "Something went wrong in the app." };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toCommandError(raw);
  }
}

/** The app's name and version. */
export function about(): Promise<About> {
  return call<About>("about");
}

/** Where the window stands: which screen to show. */
export interface VaultState {
  state: "unlocked" | "locked" | "missing";
  keyring_problem: string | null;
}

/** One account as the list shows it: metadata and the current code, no secret. */
export interface AccountView {
  id: string;
  type: "totp" | "hotp" | "steam";
  issuer: string | null;
  name: string;
  group: string | null;
  digits: number;
  period: number | null;
  counter: number | null;
  code: string;
  remaining: number | null;
}

/** Opens the vault through the keyring if possible. */
export function vaultStart(): Promise<VaultState> {
  return call<VaultState>("vault_start");
}

/** Creates the vault on first run (a passphrase when the keyring is unavailable). */
export function vaultCreate(passphrase: string | null): Promise<VaultState> {
  return call<VaultState>("vault_create", { passphrase });
}

/** Unlocks with a typed passphrase. */
export function vaultUnlock(passphrase: string): Promise<VaultState> {
  return call<VaultState>("vault_unlock", { passphrase });
}

/** The accounts with their current codes. */
export function listAccounts(): Promise<AccountView[]> {
  return call<AccountView[]>("list_accounts");
}
