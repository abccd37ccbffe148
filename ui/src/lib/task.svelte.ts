// The busy/try/error pattern of every form that calls the shell, once: the
// form is busy while the call runs, and a rejection becomes a sentence for the
// form to show, in the window's language (never an unhandled promise).
import { type CommandError, toCommandError } from "./ipc";
import { describeError } from "./i18n.svelte";

/** What a failed call says: the message as a sentence, and the error with its kind. */
export type Failure = (message: string, error: CommandError) => void;

/** One form's calls to the shell; `busy` disables its buttons while one runs. */
export class Task {
  busy = $state(false);

  /** Runs `work` while busy. Resolves to its value, or to `undefined` after
   * `fail` was told why it failed. */
  async run<T>(work: () => Promise<T>, fail: Failure): Promise<T | undefined> {
    this.busy = true;
    try {
      return await work();
    } catch (raw) {
      const error = toCommandError(raw);
      fail(describeError(error), error);
      return undefined;
    } finally {
      this.busy = false;
    }
  }
}
