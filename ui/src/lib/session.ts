// Which screen the window shows, decided from what the shell reports.
import { type AccountView, type CommandError, commands } from "./ipc";

/** The screens of the app before and after unlocking. */
export type Screen =
  | { kind: "list"; keyringProblem: string | null; accounts?: AccountView[] | null; notice?: string }
  | { kind: "locked"; keyringProblem: string | null; passphrase: boolean }
  | { kind: "setup"; reason: string }
  | { kind: "error"; error: CommandError };

/**
 * At launch: open through the keyring; on first run create the vault (kept by
 * the keyring); if the keyring is unavailable, ask for a passphrase instead.
 */
export async function startSession(): Promise<Screen> {
  try {
    const started = await commands.vaultStart();
    if (started.state === "unlocked")
      return { kind: "list", keyringProblem: started.keyringProblem, accounts: started.accounts ?? null, notice: started.notice ?? undefined };
    if (started.state === "locked") return { kind: "locked", keyringProblem: started.keyringProblem, passphrase: true };
    try {
      const created = await commands.vaultCreate(null);
      return { kind: "list", keyringProblem: created.keyringProblem, accounts: created.accounts ?? null };
    } catch (raw) {
      const error = raw as CommandError;
      if (error.kind === "keyring_unavailable") return { kind: "setup", reason: error.message };
      throw error;
    }
  } catch (raw) {
    return { kind: "error", error: raw as CommandError };
  }
}

/**
 * Milliseconds until the first shown code changes, or null when nothing is
 * time-based. The list refreshes then, instead of on a per-second timer.
 */
export function nextRefreshDelay(accounts: AccountView[]): number | null {
  const remaining = accounts
    .map((a) => a.remaining)
    .filter((r): r is number => r !== null && r > 0);
  if (remaining.length === 0) return null;
  return Math.min(...remaining) * 1000;
}
