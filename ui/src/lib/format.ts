// How codes are written for reading: digits in groups a person can hold in mind.

/**
 * Groups a code for reading: 6 → "123 456", 8 → "1234 5678", 7 → "123 4567",
 * 9 → "123 456 789", 10 → "12345 67890"; 5 or fewer (Steam) stay whole.
 */
export function groupCode(code: string): string {
  const n = code.length;
  if (n <= 5) return code;
  if (n % 3 === 0) return code.match(/.{3}/g)!.join(" ");
  if (n % 4 === 0 && n <= 8) return code.match(/.{4}/g)!.join(" ");
  const head = Math.floor(n / 2);
  return `${code.slice(0, head)} ${code.slice(head)}`;
}

/** Starts a message from the core (lower-case, no full stop) as a sentence. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  if (trimmed.length === 0) return trimmed;
  const capital = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
