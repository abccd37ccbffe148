// The issuer's avatar: a letter on a colour that is always the same for the
// same issuer, so people find "their" GitHub by colour before reading.

/** A letter and a hue (0–359) for an account's avatar. */
export interface Avatar {
  letter: string;
  hue: number;
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

/** The avatar for an issuer (or the account name when there is none). */
export function avatarFor(issuer: string | null, name: string): Avatar {
  const source = (issuer ?? "").trim() || name.trim();
  const first = [...source.normalize("NFC")][0] ?? "?";
  return {
    letter: first.toLocaleUpperCase(),
    hue: hash(source.toLowerCase()) % 360,
  };
}
