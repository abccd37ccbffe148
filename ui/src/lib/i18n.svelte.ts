// Every word the window shows comes from a message catalog (src/locales/*.json,
// ICU MessageFormat: plurals, selects, numbers) through t(). The library is
// FormatJS's intl-messageformat: the ICU standard, plural rules from the
// browser's own Intl (no rule tables shipped), no eval (our CSP forbids it),
// and kept by the FormatJS project. English is the source; a key missing in
// another catalog falls back to it (a test keeps the catalogs complete).
// "pseudo" is for testing layouts: every letter accented and each message
// 40 % longer, so truncation shows in the screenshot tests.
import { IntlMessageFormat } from "intl-messageformat";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import en from "../locales/en.json";
import type { CommandError } from "./ipc";
import { sentence } from "./format";

/** A message's key: the English catalog's keys, checked by the compiler. */
export type MessageKey = keyof typeof en;

/** The languages shipped, and the pseudo-locale for layout tests. */
export const LANGUAGES = ["en", "de", "fr", "es"] as const;
export type Language = (typeof LANGUAGES)[number] | "pseudo";

/** Each language in its own words, for the settings' list. */
export const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
};

type Catalog = Partial<Record<MessageKey, string>>;

/** English is in the main script (the source and the fallback); the others
 * are separate files fetched when chosen, so a launch reads one catalog. */
const CATALOGS: Partial<Record<(typeof LANGUAGES)[number], Catalog>> = { en };
const LOADERS: Record<Exclude<(typeof LANGUAGES)[number], "en">, () => Promise<{ default: Catalog }>> = {
  de: () => import("../locales/de.json"),
  fr: () => import("../locales/fr.json"),
  es: () => import("../locales/es.json"),
};

/** Makes sure `lang`'s catalog is at hand (fetched once). */
export async function loadCatalog(lang: Language): Promise<void> {
  if (lang === "pseudo" || lang === "en" || CATALOGS[lang]) return;
  CATALOGS[lang] = (await LOADERS[lang]()).default;
}

/** The language the window speaks now (reactive: components that call t() follow it). */
let current = $state<Language>("en");
const compiled = new Map<string, IntlMessageFormat>();

/** The shipped language closest to the OS's preferences (navigator.languages), else English. */
export function osLanguage(preferred: readonly string[] = typeof navigator === "undefined" ? [] : navigator.languages ?? [navigator.language]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return "en";
}

/** What the settings chose ("system" or a language), and what the desktop
 * session asks for (from the shell; until it answers, the browser's view). */
let choice = "system";
let desktop: string[] | null = null;

/** The desktop's preferred languages as the shell read them (LANGUAGE, LC_ALL, LANG). */
export function setDesktopLanguages(languages: string[]) {
  desktop = languages;
  setLanguage(choice);
}

/** Switches the window's language ("system": the desktop's) and sets <html
 * lang>: at once when its catalog is at hand, else once it is fetched (the
 * promise says when; a later choice wins over an earlier one still loading). */
export function setLanguage(chosen: string): Promise<void> {
  choice = chosen;
  const next: Language =
    chosen === "pseudo" || (LANGUAGES as readonly string[]).includes(chosen) ? (chosen as Language) : desktop ? osLanguage(desktop) : osLanguage();
  const apply = () => {
    if (choice !== chosen) return;
    current = next;
    if (typeof document !== "undefined") document.documentElement.lang = next === "pseudo" ? "en-XA" : next;
  };
  if (next === "pseudo" || CATALOGS[next]) {
    apply();
    return Promise.resolve();
  }
  return loadCatalog(next).then(apply, () => {});
}

/** The language in use. */
export function language(): Language {
  return current;
}

const ACCENTS: Record<string, string> = Object.fromEntries(
  [..."abcdeghiklnorstuwyzABCDEGHIKLNORSTUWYZ"].map((c, i) => [c, [..."àƀçđéĝĥîķļñöŕšţûŵýžÀƁÇĐÉĜĤÎĶĻÑÖŔŠŢÛŴÝŽ"][i]]),
);

/** The pseudo-locale's form of a message: literals accented, 40 % longer, bracketed. */
function pseudo(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((e) => {
    if (e.type === TYPE.literal) return { ...e, value: [...e.value].map((c) => ACCENTS[c] ?? c).join("") };
    if (e.type === TYPE.plural || e.type === TYPE.select)
      return { ...e, options: Object.fromEntries(Object.entries(e.options).map(([k, o]) => [k, { ...o, value: pseudo(o.value) }])) };
    if (e.type === TYPE.tag) return { ...e, children: pseudo(e.children) };
    return e;
  });
}

function formatter(key: MessageKey, lang: Language): IntlMessageFormat {
  const id = `${lang}\u0000${key}`;
  let found = compiled.get(id);
  if (!found) {
    if (lang === "pseudo") {
      const source = en[key];
      const pad = "~".repeat(Math.ceil(source.length * 0.4));
      found = new IntlMessageFormat([{ type: TYPE.literal, value: "[" }, ...pseudo(parse(source)), { type: TYPE.literal, value: ` ${pad}]` }], "en");
    } else {
      found = new IntlMessageFormat(CATALOGS[lang]?.[key] ?? en[key], lang);
    }
    compiled.set(id, found);
  }
  return found;
}

/** The message `key` in the window's language, with `values` put in. */
export function t(key: MessageKey, values?: Record<string, string | number>): string {
  return String(formatter(key, current).format(values));
}

/** A failed command in words. In English, the core's own sentence (it may
 * name a file or a line); in another language, its kind's message with the
 * error's values when the catalog has one, else the core's English sentence. */
export function describeError(error: CommandError): string {
  const key = `error.${error.kind}` as MessageKey;
  if (current === "en" || !(key in en)) return sentence(error.message);
  const { kind: _kind, message: _message, ...values } = error as Record<string, unknown>;
  return t(key, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "number" ? v : String(v)])));
}
