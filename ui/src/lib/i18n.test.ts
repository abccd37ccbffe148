// The catalogs are complete and well formed, and no component shows a word
// that does not come from them.
import { describe, expect, it } from "vitest";
import { parse as parseIcu, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { parse as parseSvelte } from "svelte/compiler";
import en from "../locales/en.json";
import de from "../locales/de.json";
import fr from "../locales/fr.json";
import es from "../locales/es.json";
import { describeError, osLanguage, setLanguage, t } from "./i18n.svelte";

const CATALOGS: Record<string, Record<string, string>> = { de, fr, es };

/** The argument names a message uses ({label}, {count, plural, …}). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.plural || e.type === TYPE.select) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) for (const o of Object.values(e.options)) argumentsOf(o.value, into);
  }
  return into;
}

describe.each(Object.keys(CATALOGS))("the %s catalog", (lang) => {
  const catalog = CATALOGS[lang];
  it("has every key of the English one, and no other", () => {
    expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
  });
  it("uses the same arguments as English in every message, in valid ICU syntax", () => {
    for (const [key, source] of Object.entries(en)) {
      const theirs = [...argumentsOf(parseIcu(catalog[key]))].sort();
      expect(theirs, `${lang} ${key}`).toEqual([...argumentsOf(parseIcu(source))].sort());
    }
  });
});

describe("t", () => {
  it("formats plurals by the language's rules and falls back to the OS language", () => {
    setLanguage("en");
    expect(t("app.added", { count: 1 })).toBe("Added 1 account.");
    expect(t("app.added", { count: 3 })).toBe("Added 3 accounts.");
    setLanguage("fr");
    expect(t("app.added", { count: 1 })).toBe("1 compte ajouté.");
    setLanguage("de");
    expect(t("preview.add", { count: 2 })).toBe("2 Konten hinzufügen");
    expect(document.documentElement.lang).toBe("de");
    setLanguage("en");
  });

  it("has a pseudo-locale: accented, bracketed, 40 % longer, arguments untouched", () => {
    setLanguage("pseudo");
    const text = t("list.copied", { label: "GitHub" });
    expect(text.startsWith("[Ç")).toBe(true);
    expect(text).toContain("GitHub");
    expect(text.length).toBeGreaterThanOrEqual(Math.floor("Copied the code for GitHub.".length * 1.4));
    setLanguage("en");
  });

  it("picks the first shipped language of the OS's preferences", () => {
    expect(osLanguage(["de-AT", "en"])).toBe("de");
    expect(osLanguage(["pt-BR", "es-MX"])).toBe("es");
    expect(osLanguage(["ja"])).toBe("en");
    // As the shell reads them from LANGUAGE and LANG.
    expect(osLanguage(["C", "fr_FR.UTF-8"])).toBe("fr");
  });

  it("puts an error's kind and values into the language, keeping the core's English", () => {
    const error = { kind: "throttled" as const, seconds: 5, message: "too many tries; wait 5 s" };
    setLanguage("en");
    expect(describeError(error)).toBe("Too many tries; wait 5 s.");
    setLanguage("es");
    expect(describeError(error)).toBe("Demasiados intentos: espera 5 segundos.");
    setLanguage("en");
  });
});

// ---- No user-visible literal in a component ----

const COMPONENTS = import.meta.glob("../**/*.svelte", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
/** Attributes a person reads or hears. */
const READ = new Set(["title", "aria-label", "placeholder", "alt", "label", "hint", "aria-description", "aria-roledescription"]);
type Node = { type: string; data?: string; name?: string; value?: unknown; [k: string]: unknown };

/** Whether an element holds one literal token and nothing else. */
function codeToken(element: Node): boolean {
  const nodes = (element.fragment as { nodes: Node[] } | undefined)?.nodes ?? [];
  return nodes.length === 1 && nodes[0].type === "Text" && /^\S+$/u.test(String(nodes[0].data).trim());
}

/** Every literal a person would see or hear in a component's markup. */
export function literals(source: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach(walk);
    const n = node as Node;
    // <code> holding one token is an identifier a provider documents (pinId,
    // smsStatus): the same in every language. Words inside <code> still count.
    if (n.type === "RegularElement" && n.name === "code" && codeToken(n)) return;
    if (n.type === "Text" && typeof n.data === "string" && /\p{L}/u.test(n.data)) found.push(n.data.trim());
    if (n.type === "Attribute") {
      // Only attributes a person reads; the rest (class, data-testid, type) are code.
      if (READ.has(String(n.name)) && Array.isArray(n.value))
        for (const part of n.value as Node[]) if (part.type === "Text" && /\p{L}/u.test(String(part.data))) found.push(`${n.name}="${String(part.data)}"`);
      return;
    }
    for (const [key, value] of Object.entries(n)) if (key !== "parent" && key !== "instance" && key !== "module" && key !== "css") walk(value);
  };
  const ast = parseSvelte(source, { modern: true });
  walk(ast.fragment);
  return found;
}

describe("components", () => {
  it("find literals (the checker itself)", () => {
    expect(literals(`<p>Hello</p><b title="Tip">{x}</b><i aria-label={t("a")}>{" "}</i>`)).toEqual(["Hello", 'title="Tip"']);
    // An identifier in <code> is not a word; a sentence in <code> is.
    expect(literals(`<label><code>pinId</code> <code>two words</code></label>`)).toEqual(["two words"]);
  });

  it.each(Object.keys(COMPONENTS))("%s shows no literal text", (path) => {
    expect(literals(COMPONENTS[path])).toEqual([]);
  });
});
