/**
 * Input coercion for the config schema: the CLI and an Action hand over strings, a config file
 * real types. Defaults on these use `.prefault()` (an input value, parsed like user input) rather
 * than `.default()` (an output value): zod leaves output-side defaults out of the input JSON Schema.
 */
import { z } from "zod";
import { parseDuration } from "./duration.js";

/** `true`/`false`, or the same as a string in the spellings GitHub Actions accepts ("true", "True", "TRUE"). */
export function booleanInput() {
  // zod reports the one branch whose type matched, so the string branch carries the message too.
  const message = 'expected true or false (or the string "true"/"false")';
  return z
    .union([z.boolean(), z.string().regex(/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, message)], { error: message })
    .transform((value) => value === true || (typeof value === "string" && value.toLowerCase() === "true"));
}

/** A whole number in [min, max], or the same as a string ("4"). */
export function integerInput(min: number, max: number) {
  const range = `must be a whole number from ${min} to ${max}`;
  return z
    .union(
      [z.number().int(range).min(min, range).max(max, range), z.string().regex(/^\s*-?\d+\s*$/, range)],
      {
        error: range,
      },
    )
    .transform(Number)
    .pipe(z.number().int().min(min, range).max(max, range));
}

/**
 * The items of a comma-separated list ("a, b,c"), trimmed, blanks dropped. A comma inside braces
 * or brackets belongs to its item, so a glob such as `error/*.{10,11}` stays one item. With
 * `newlines`, a line break separates items too (the Action's multi-line inputs).
 */
export function parseListText(text: string, options: { newlines?: boolean } = {}): string[] {
  const items: string[] = [];
  let depth = 0;
  let item = "";
  for (const char of text) {
    if (char === "{" || char === "[") depth++;
    else if ((char === "}" || char === "]") && depth > 0) depth--;
    if (depth === 0 && (char === "," || (options.newlines === true && char === "\n"))) {
      items.push(item);
      item = "";
    } else item += char;
  }
  items.push(item);
  return items.map((part) => part.trim()).filter((part) => part !== "");
}

/**
 * A list of non-empty strings, or one comma-separated string (see {@link parseListText}). With
 * `problem`, each item is also checked: it returns why the item is wrong, or undefined.
 */
export function listInput(item: string, problem?: (value: string) => string | undefined) {
  const nonEmpty = z
    .string()
    .trim()
    .min(1, `an empty ${item} is not allowed`)
    .superRefine((value, ctx) => {
      const message = value === "" ? undefined : problem?.(value);
      if (message !== undefined) ctx.addIssue({ code: "custom", message, input: value });
    });
  return z
    .union([z.array(nonEmpty), z.string()], {
      error: `expected a list of ${item}s or a comma-separated string`,
    })
    .transform((value) => (typeof value === "string" ? parseListText(value) : value))
    .pipe(z.array(nonEmpty));
}

/** A string that must make sense to `check`, which throws an Error whose message is the issue. */
export function checkedString(check: (text: string) => unknown) {
  return z.string().superRefine((text, ctx) => {
    try {
      check(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message, input: text });
    }
  });
}

/** A string for which `problem` returns why it is wrong, or undefined when it is right. */
export function ruledString(problem: (text: string) => string | undefined) {
  return z.string().superRefine((text, ctx) => {
    const message = problem(text);
    if (message !== undefined) ctx.addIssue({ code: "custom", message, input: text });
  });
}

/**
 * A duration such as "90s" or "1h30m", in milliseconds, at least `min`; `fallback` is the default,
 * written as a user would.
 */
export function durationInput(fallback: string, min = 0) {
  return z.string().prefault(fallback).transform(durationOf(min));
}

/** A duration that is left out unless given. */
export function optionalDurationInput() {
  return z.string().transform(durationOf(0)).optional();
}

function durationOf(min: number) {
  return (text: string, ctx: z.core.$RefinementCtx<string>) => {
    try {
      const ms = parseDuration(text);
      if (ms < min) ctx.addIssue({ code: "custom", message: `must be at least ${min / 1000}s`, input: text });
      return ms;
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message, input: text });
      return z.NEVER;
    }
  };
}
