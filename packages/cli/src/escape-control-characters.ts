/**
 * Text from the archive (keys, and through them names from RDS) made safe for a terminal or a
 * runner log: control characters, which could move the cursor, recolour the screen or start a
 * workflow command on a line of their own, are shown as `\u001b` and the like.
 */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
