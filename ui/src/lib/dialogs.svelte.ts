// Which dialog the window shows, in one place: a panel (add, settings, import,
// export, PIN console), the enroll preview over it, or an account's edit dialog.
// The rules (a preview replaces the panel, Escape closes the topmost, locking
// closes all) live here rather than spread through App.svelte.
import type { AccountView, Staged } from "./ipc";

/** The panels a toolbar button or shortcut opens. */
export type Panel = "add" | "form" | "settings" | "pins" | "import" | "export" | "backups";

/** The window's dialogs. */
export class Dialogs {
  panel = $state<Panel | null>(null);
  preview = $state<Staged | null>(null);
  editing = $state<AccountView | null>(null);

  /** Whether any dialog covers the list (list shortcuts then stay off). */
  get open(): boolean {
    return this.preview !== null || this.editing !== null || this.panel !== null;
  }

  /** Opens `panel` in place of another. */
  show(panel: Panel) {
    this.panel = panel;
  }

  /** Something to add was found: its preview replaces the panel and the edit dialog. */
  showPreview(preview: Staged) {
    this.panel = null;
    this.editing = null;
    this.preview = preview;
  }

  /** Opens an account's edit dialog. */
  edit(account: AccountView) {
    this.editing = account;
  }

  /** Closes the topmost dialog (Escape): the edit dialog, else the panel.
   * The preview is closed by cancelling it (the shell drops what it staged).
   * False when none was open. */
  closeTop(): boolean {
    if (this.editing) this.editing = null;
    else if (this.panel) this.panel = null;
    else return false;
    return true;
  }

  /** Closes everything (the vault locked). */
  closeAll() {
    this.panel = null;
    this.preview = null;
    this.editing = null;
  }
}
