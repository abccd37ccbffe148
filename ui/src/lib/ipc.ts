// The one module that talks to the Rust side. Everything the UI may ask the
// shell for is a typed function here; the rest of the UI never sees invoke().
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";

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
  /** Once unlocked, the list itself, so the first codes need no second call. */
  accounts?: AccountView[] | null;
}

/** One account as the list shows it: metadata and codes, no secret. */
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
  next_code: string | null;
  note: string;
  icon: string | null;
  sort: number;
  use_count: number;
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

/** How the lock screen unlocks: with the passphrase, or the keyring again. */
export interface Locked {
  passphrase: boolean;
}

/** Locks now. */
export function vaultLock(): Promise<Locked> {
  return call<Locked>("vault_lock");
}

/** Unlocks a vault without a passphrase through the keyring. */
export function vaultUnlockKeyring(): Promise<VaultState> {
  return call<VaultState>("vault_unlock_keyring");
}

/** How the vault opens. */
export interface Security {
  passphrase: boolean;
  keyring: boolean;
}

/** The ways into the vault. */
export function vaultSecurity(): Promise<Security> {
  return call<Security>("vault_security");
}

/** Adds or changes the passphrase. */
export function setPassphrase(passphrase: string): Promise<Security> {
  return call<Security>("set_passphrase", { passphrase });
}

/** Removes the passphrase. */
export function removePassphrase(): Promise<Security> {
  return call<Security>("remove_passphrase");
}

/** Requires the passphrase at start (drops the keyring's key), or not. */
export function requirePassphrase(required: boolean): Promise<Security> {
  return call<Security>("require_passphrase", { required });
}

/** The accounts with their current codes. */
export function listAccounts(): Promise<AccountView[]> {
  return call<AccountView[]>("list_accounts");
}

/** What the toast says after a copy. */
export interface Copied {
  clear_after: number | null;
}

/** Copies the account's current code (the shell clears it later). */
export function copyCode(id: string): Promise<Copied> {
  return call<Copied>("copy_code", { id });
}

/** HOTP: the next code. */
export function nextHotp(id: string): Promise<AccountView> {
  return call<AccountView>("next_hotp", { id });
}

/** What the edit dialog changes. */
export interface AccountEdit {
  issuer: string;
  name: string;
  group: string | null;
  note: string;
}

/** Renames, regroups or annotates an account. */
export function editAccount(id: string, edit: AccountEdit): Promise<AccountView> {
  return call<AccountView>("edit_account", { id, edit });
}

/** Deletes an account; returns how to name it in the undo toast. */
export function deleteAccount(id: string): Promise<string> {
  return call<string>("delete_account", { id });
}

/** Brings the last deleted account back. */
export function undoDelete(): Promise<void> {
  return call<void>("undo_delete");
}

/** Saves the manual order. */
export function reorderAccounts(ids: string[]): Promise<void> {
  return call<void>("reorder_accounts", { ids });
}

/** One account about to be added. */
export interface Candidate {
  issuer: string | null;
  name: string;
  type: "totp" | "hotp" | "steam";
  algorithm: string;
  digits: number;
  period: number | null;
  counter: number | null;
  duplicate: boolean;
}

/** What the confirmation step shows. */
export interface Preview {
  candidates: Candidate[];
  problems: string[];
  missing: string[];
}

/** Reads pasted links. */
export function enrollText(text: string): Promise<Preview> {
  return call<Preview>("enroll_text", { text });
}

/** The manual form as typed. */
export interface ManualEntry {
  issuer: string;
  name: string;
  secret: string;
  type: "totp" | "hotp" | "steam";
  algorithm: string;
  digits: number;
  period: number;
  counter: number;
}

/** One wrong field of the manual form. */
export interface FieldError {
  field: string;
  message: string;
}

/** The manual form's outcome. */
export interface ManualOutcome {
  preview: Preview | null;
  errors: FieldError[];
}

/** Checks the manual form and, if valid, previews it. */
export function enrollManual(entry: ManualEntry): Promise<ManualOutcome> {
  return call<ManualOutcome>("enroll_manual", { entry });
}

/** Finds QR codes on every screen. */
export function enrollScreen(): Promise<Preview> {
  return call<Preview>("enroll_screen");
}

/** Reads the clipboard (picture or links). */
export function enrollClipboard(): Promise<Preview> {
  return call<Preview>("enroll_clipboard");
}

/** Opens the file dialog (in the shell); null when the user cancels. */
export function enrollImage(): Promise<Preview | null> {
  return call<Preview | null>("enroll_image");
}

/** Adds what the preview showed; returns how many were added. */
export function enrollConfirm(): Promise<number> {
  return call<number>("enroll_confirm");
}

/** Drops what the preview showed. */
export function enrollCancel(): Promise<void> {
  return call<void>("enroll_cancel");
}

/** Light, dark or the desktop's choice. */
export type Theme = "system" | "light" | "dark";
/** How the list is ordered. */
export type SortOrder = "manual" | "alphabetical" | "most-used";

/** The user's preferences. */
export interface Settings {
  clipboardClearSeconds: number;
  hideCodes: boolean;
  idleLockMinutes: number;
  lockWhenHidden: boolean;
  theme: Theme;
  sort: SortOrder;
  /** Folder for automatic encrypted backups, or null when they are off. */
  autoBackupDir?: string | null;
  /** How many automatic backups to keep. */
  autoBackupKeep?: number;
}

/** The current settings. */
export function getSettings(): Promise<Settings> {
  return call<Settings>("get_settings");
}

/** Saves settings. */
export function saveSettings(settings: Settings): Promise<Settings> {
  return call<Settings>("save_settings", { settings });
}

/** Something to add that arrived from outside the UI (a drop, a link). */
export interface Arrival {
  preview: Preview | null;
  error: CommandError | null;
}

/** Calls `handler` for each arrival until the returned function is called. */
export function onArrival(handler: (arrival: Arrival) => void): Promise<UnlistenFn> {
  return listen<Arrival>("enroll-preview", (event) => handler(event.payload));
}

/** Calls `handler` when the shell locked the vault (tray, window hidden). */
export function onLocked(handler: (locked: Locked) => void): Promise<UnlistenFn> {
  return listen<Locked>("vault-locked", (event) => handler(event.payload));
}

/** Tells the shell the first codes are on screen (startup timing). */
export function firstCodesShown(): Promise<void> {
  return call<void>("first_codes_shown");
}

/** Links that arrived while the vault was locked (a deep link at launch). */
export function pendingArrival(): Promise<Arrival | null> {
  return call<Arrival | null>("pending_arrival");
}

// ---- PIN console -------------------------------------------------------------

/** A PIN provider API. */
export type Provider = "sinch" | "infobip" | "auth365";

/** A provider profile (no secret); built-in ones are the app's sandbox. */
export interface PinProfile {
  name: string;
  provider: Provider;
  baseUrl: string;
  key?: string | null;
  scheme?: "basic" | "signed" | null;
  accountId?: number | null;
  builtin?: boolean;
}

/** The console's opening view. */
export interface PinConsoleState {
  profiles: PinProfile[];
  sandboxProblem: string | null;
}

/** A provider's answer: ok, one line, the id to use next, the redacted response. */
export interface PinAnswer {
  ok: boolean;
  summary: string;
  id: string | null;
  response: unknown;
}

/** What to send; each provider reads the fields it knows. */
export interface PinSendForm {
  to: string;
  method?: string;
  reference?: string;
  custom?: string;
  codeType?: string;
  expiry?: string;
  app?: string;
  template?: string;
  message?: string;
  length?: number;
  alphanumeric?: boolean;
  timeout?: number;
  urlMode?: string;
}

/** A code to check and which verification it answers. */
export interface PinVerifyForm {
  code: string;
  id?: string;
  to?: string;
  method?: string;
  order?: string;
}

/** Which verification to look up. */
export interface PinStatusForm {
  id?: string;
  reference?: string;
  to?: string;
  method?: string;
  app?: string;
  order?: string;
}

/** A message the sandbox's simulated phone or mailbox received. */
export interface OutboxMessage {
  channel: "sms" | "voice" | "email" | "flashcall";
  to: string;
  text: string;
  code: string;
  provider?: string;
  sentAt?: string;
}

/** One request and its answer, redacted. */
export interface PinExchange {
  id: number;
  provider: Provider;
  method: string;
  url: string;
  requestHeaders: [string, string][];
  requestBody: string | null;
  status: number | null;
  responseBody: string | null;
  error: string | null;
  startedAt: string;
  millis: number;
}

/** An Infobip application with its message templates. */
export interface InfobipCatalogEntry {
  application: { applicationId?: string; name: string };
  templates: { messageId?: string; messageText: string }[];
}

/** A soft token created on the server, waiting in the enroll preview. */
export interface SoftTokenEnrollment {
  softTokenId: string;
  preview: Preview;
}

/** Opens the console, starting the built-in sandbox the first time. */
export function pinConsole(): Promise<PinConsoleState> {
  return call<PinConsoleState>("pin_console");
}

/** Adds or replaces a profile; an empty secret keeps the stored one. */
export function pinProfileSave(profile: PinProfile, secret: string | null): Promise<PinProfile[]> {
  return call<PinProfile[]>("pin_profile_save", { profile, secret });
}

/** Removes a profile and its secret. */
export function pinProfileRemove(name: string): Promise<PinProfile[]> {
  return call<PinProfile[]>("pin_profile_remove", { name });
}

/** Sends a PIN through a profile. */
export function pinSend(profile: string, form: PinSendForm): Promise<PinAnswer> {
  return call<PinAnswer>("pin_send", { profile, form });
}

/** Checks a code through a profile. */
export function pinVerify(profile: string, form: PinVerifyForm): Promise<PinAnswer> {
  return call<PinAnswer>("pin_verify", { profile, form });
}

/** Looks a verification up through a profile. */
export function pinStatus(profile: string, form: PinStatusForm): Promise<PinAnswer> {
  return call<PinAnswer>("pin_status", { profile, form });
}

/** An Infobip profile's applications and templates (a default pair created on request). */
export function pinInfobipCatalog(profile: string, createDefault: boolean): Promise<InfobipCatalogEntry[]> {
  return call<InfobipCatalogEntry[]>("pin_infobip_catalog", { profile, createDefault });
}

/** The sandbox's simulated phone and mailbox, oldest first. */
export function pinOutbox(to: string | null): Promise<OutboxMessage[]> {
  return call<OutboxMessage[]>("pin_outbox", { to });
}

/** Every request and response so far, redacted. */
export function pinExchanges(): Promise<PinExchange[]> {
  return call<PinExchange[]>("pin_exchanges");
}

/** Empties the exchange log. */
export function pinClearExchanges(): Promise<void> {
  return call<void>("pin_clear_exchanges");
}

/** Creates an Auth365 soft token and puts its QR code in the enroll preview. */
export function pinSofttokenEnroll(profile: string, userId: string, issuer: string | null): Promise<SoftTokenEnrollment> {
  return call<SoftTokenEnrollment>("pin_softtoken_enroll", { profile, form: { userId, issuer } });
}

/** Checks a soft token's code on the server. */
export function pinSofttokenValidate(profile: string, id: string, code: string): Promise<PinAnswer> {
  return call<PinAnswer>("pin_softtoken_validate", { profile, id, code });
}

// ---- Import, export, automatic backups ----------------------------------------

/** A format the import wizard can read a file as. */
export interface ImportFormat {
  name: string;
  title: string;
}

/** The file picked for import and the format recognised from its content. */
export interface PickedImport {
  fileName: string;
  format: string | null;
}

/** An entry that could not be imported, with why. */
export interface Rejected {
  label: string;
  reason: string;
}

/** What an import would do: new accounts, duplicates skipped, entries rejected. */
export interface ImportView {
  format: string;
  new: Candidate[];
  duplicates: Candidate[];
  rejected: Rejected[];
}

/** What an export wrote. */
export interface ExportOutcome {
  path: string;
  warning: string | null;
  skipped: string[];
}

/** Where automatic backups stand. */
export interface AutoBackupStatus {
  folder: string | null;
  keep: number;
  files: number;
  last: string | null;
  error: string | null;
}

/** Every format Watchword imports. */
export function importFormats(): Promise<ImportFormat[]> {
  return call<ImportFormat[]>("import_formats");
}

/** Opens the file dialog; null when cancelled. */
export function importPick(): Promise<PickedImport | null> {
  return call<PickedImport | null>("import_pick");
}

/** Reads the picked file (as `format`, else the recognised one) with `password`. */
export function importRead(format: string | null, password: string | null): Promise<ImportView> {
  return call<ImportView>("import_read", { format, password });
}

/** Adds the new accounts of the preview; returns how many. */
export function importConfirm(): Promise<number> {
  return call<number>("import_confirm");
}

/** Drops the picked file and its preview. */
export function importCancel(): Promise<void> {
  return call<void>("import_cancel");
}

/** Exports the vault to a file the user picks; null when cancelled. */
export function exportSave(format: string, password: string | null): Promise<ExportOutcome | null> {
  return call<ExportOutcome | null>("export_save", { format, password });
}

/** The automatic backups' folder, count and last outcome. */
export function autoBackupStatus(): Promise<AutoBackupStatus> {
  return call<AutoBackupStatus>("auto_backup_status");
}

/** Picks the automatic backups' folder; null when cancelled. */
export function autoBackupPickFolder(): Promise<string | null> {
  return call<string | null>("auto_backup_pick_folder");
}

/** Turns automatic backups on in the folder last picked (writes the first one at once). */
export function autoBackupEnable(keep: number, passphrase: string): Promise<Settings> {
  return call<Settings>("auto_backup_enable", { keep, passphrase });
}

/** Turns automatic backups off. */
export function autoBackupDisable(): Promise<Settings> {
  return call<Settings>("auto_backup_disable");
}
