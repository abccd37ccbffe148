// The issuer's avatar: up to two letters on a colour that is always the same
// for the same issuer, so people find "their" GitHub by colour before reading,
// and GitHub ("GH") and GitLab ("GL") differ even in letters. The colour is
// darkened until white letters on it reach 4.5:1 (WCAG 1.4.3) for every hue.

import type { AccountView } from "./ipc";

/** The letters and background colour of an account's avatar. */
export interface Avatar {
  letters: string;
  hue: number;
  /** A #rrggbb background on which white text is at least 4.5:1. */
  background: string;
}

/** FNV-1a over the UTF-16 units: stable, cheap, well spread. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Relative luminance of a #rrggbb colour (WCAG 2.1). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** HSL (degrees, 0–1, 0–1) to #rrggbb. */
function hsl(h: number, s: number, l: number): string {
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

/** The lightest colour of `hue` under which white text is still 4.5:1. */
function backgroundFor(hue: number): string {
  for (let l = 0.5; l > 0.1; l -= 0.02) {
    const colour = hsl(hue, 0.6, l);
    if (contrast(colour, "#ffffff") >= 4.5) return colour;
  }
  return hsl(hue, 0.6, 0.1);
}

/** Up to two letters for a name: the initials of its first two words, the
 * capitals of a CamelCase word (GitHub → GH), else its first two letters. */
export function lettersFor(source: string): string {
  const words = source.normalize("NFC").split(/[\s\-_.@:/()]+/u).filter((w) => /\p{L}|\p{N}/u.test(w));
  if (words.length === 0) return "?";
  const first = [...words[0]];
  if (words.length > 1) return (first[0] + [...words[1]][0]).toLocaleUpperCase();
  const capital = first.slice(1).find((c) => /\p{Lu}/u.test(c));
  if (capital) return first[0].toLocaleUpperCase() + capital;
  if (first.length === 1) return first[0].toLocaleUpperCase();
  return first[0].toLocaleUpperCase() + first[1].toLocaleLowerCase();
}

/** The avatar for an issuer (or the account name when there is none). */
export function avatarFor(issuer: string | null, name: string): Avatar {
  const source = (issuer ?? "").trim() || name.trim();
  const hue = hash(source.toLowerCase()) % 360;
  return { letters: lettersFor(source), hue, background: backgroundFor(hue) };
}

/** Where `<img>` gets an account's icon: the shell's `wwicon:` scheme, one
 * picture by name (brands by slug; own pictures by account and version, so a
 * changed picture is fetched again and an unchanged one comes from the cache). */
export function iconSrc(account: Pick<AccountView, "id" | "icon">): string {
  const icon = account.icon;
  if (!icon) return "";
  return icon.kind === "brand"
    ? `wwicon://localhost/brand/${encodeURIComponent(icon.slug)}`
    : `wwicon://localhost/account/${encodeURIComponent(account.id)}?v=${icon.version}`;
}

/** A built-in brand's icon by slug (the picker's choices). */
export function brandSrc(slug: string): string {
  return `wwicon://localhost/brand/${encodeURIComponent(slug)}`;
}
