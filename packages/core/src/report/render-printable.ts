/**
 * Text from RDS (log file names, instance ids, error messages that quote them) is printed in
 * terminals and in GitHub's runner log, where control characters act: ESC starts a terminal
 * escape sequence, and a newline followed by `::set-output …` or `::add-mask::` is a workflow
 * command. Every line a surface prints goes through {@link renderPrintable} first.
 */

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
// overrides and isolates that can make a line read differently from what it holds.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * `text` with every control character written out as an escape (`\n`, `\x1b`, `\u2028`), so it
 * prints as one inert line. A backslash stays as it is: the output is for reading, not parsing.
 */
export function renderPrintable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => {
    const named = NAMED[char];
    if (named !== undefined) return named;
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16)}`;
  });
}
