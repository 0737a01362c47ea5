/**
 * Text from RDS, a report or an error, safe to print on a terminal or a runner's log: control
 * characters (an escape sequence, a `::` workflow command after a newline) are shown escaped.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
