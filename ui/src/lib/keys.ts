// Keyboard shortcuts of the main window, decided in one place.

/** What a key press asks for. */
export type Action = "search" | "add" | "paste" | "up" | "down" | "copy" | "escape" | "lock" | "undo";

/** The minimal shape of a keyboard event this needs. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** True when the focus is in a text field. */
  inField: boolean;
}

/** The action for a key press, or null to let it through. */
export function actionFor(press: KeyPress): Action | null {
  const command = press.ctrlKey || press.metaKey;
  if (press.altKey) return null;
  if (command) {
    switch (press.key.toLowerCase()) {
      case "f":
        return "search";
      case "n":
        return "add";
      case "l":
        return "lock";
      case "z":
        // In a text field Ctrl+Z undoes typing.
        return press.inField ? null : "undo";
      case "v":
        // In a text field Ctrl+V pastes into the field.
        return press.inField ? null : "paste";
      default:
        return null;
    }
  }
  if (press.key === "Escape") return "escape";
  if (press.key === "ArrowDown") return "down";
  if (press.key === "ArrowUp") return "up";
  if (press.inField) return null;
  if (press.key === "/") return "search";
  if (press.key === "Enter") return "copy";
  return null;
}
