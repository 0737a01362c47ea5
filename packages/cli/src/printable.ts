/**
 * Text from RDS, a report or an error, safe to print on a terminal or a runner's log: control
 * characters (an escape sequence, a `::` workflow command after a newline) are shown escaped.
 */
export function printable(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
