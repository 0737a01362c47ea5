/**
 * Makes a string from RDS, a report or an error message safe to place in the job summary: in a
 * GFM table cell, in a list, or inside HTML. Names from RDS are only loosely constrained, so a log
 * file called `a|b<script>` must render as exactly that text and never split a cell, open a tag
 * or turn into a link, emphasis, an emoji or math.
 */

/** Characters with a meaning to GFM, GitHub's extensions or HTML, written as numeric references instead. */
const REFERENCES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "|": "&#124;",
  "`": "&#96;",
  "\\": "&#92;",
  "*": "&#42;",
  _: "&#95;",
  "[": "&#91;",
  "]": "&#93;",
  "~": "&#126;",
  // GitHub renders $…$ as math, :name: as an emoji, @name as a mention and #1 as an issue link.
  $: "&#36;",
  ":": "&#58;",
  "@": "&#64;",
  "#": "&#35;",
};
const SPECIAL = /[&<>"'|`\\*_[\]~$:@#]/g;

// A table row must stay on one line, and the summary must stay valid UTF-8 and read as written:
// line breaks become spaces; other control characters, bidirectional overrides (which can make
// text display in another order than it is stored) and lone surrogates become U+FFFD.
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// With the u flag a valid surrogate pair is one code point, so \p{Cs} matches only a lone half.
const UNPRINTABLE = /[\p{Cc}\p{Cs}\u202a-\u202e\u2066-\u2069]/gu;

/** How long a name or a message may get in one cell, in UTF-16 code units, before it is cut with `…`. */
const MAX_CELL_CHARS = 400;

/**
 * `text` escaped for any place in the summary, on one line, cut at `maxChars` (never inside a
 * surrogate pair or a reference).
 */
export function renderCell(text: string, maxChars: number = MAX_CELL_CHARS): string {
  const oneLine = text.replace(LINE_BREAKS, " ").replace(/\t/g, " ").replace(UNPRINTABLE, "\ufffd");
  return clip(oneLine, maxChars)
    .replace(SPECIAL, (c) => REFERENCES[c] ?? c)
    .replace(/www\./gi, (w) => `${w.slice(0, 3)}&#46;`);
}

/** `text` cut to `maxChars` UTF-16 code units with `…`, never inside a surrogate pair. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  let end = Math.max(0, maxChars - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
