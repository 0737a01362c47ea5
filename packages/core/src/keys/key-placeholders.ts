/**
 * The placeholders a destination key template may use, without braces. Shared by the config
 * schema (which rejects anything else) and the key renderer (which fills them in).
 */
export const KEY_PLACEHOLDERS = [
  "prefix",
  "cluster",
  "instance",
  "region",
  "engine",
  "logType",
  "file",
  "yyyy",
  "mm",
  "dd",
  "hh",
] as const;

/** One of {@link KEY_PLACEHOLDERS}. */
export type KeyPlaceholder = (typeof KEY_PLACEHOLDERS)[number];

/**
 * Placeholders every template must contain: without them two instances, two versions of one log
 * file, or two same-named files in different log folders could render to the same key, and
 * "never overwrite" would lose one of them.
 */
export const REQUIRED_KEY_PLACEHOLDERS = [
  "instance",
  "logType",
  "file",
] as const satisfies readonly KeyPlaceholder[];

/** The layout from the product contract; `{file}` already carries the version discriminator. */
export const DEFAULT_KEY_TEMPLATE = "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz";

/**
 * The Hive-style layout (`keyTemplate: hive`): every folder is `column=value`, named as the
 * partition columns of the Athena tables `athena-ddl` prints, so Glue crawlers and
 * `MSCK REPAIR TABLE` find the same columns that partition projection uses. The hour is one
 * folder, `hour=2026-11-20-10`, not `year=/month=/day=/hour=`: Athena's `date` projection type
 * needs the whole date in one partition column (with four separate columns it cannot be used,
 * and a range of hours across a month boundary cannot be pruned). `{instance}` stays below the
 * hour, so a query over every instance of a cluster needs no instance list.
 */
export const HIVE_KEY_TEMPLATE =
  "{prefix}cluster={cluster}/log_type={logType}/hour={yyyy}-{mm}-{dd}-{hh}/instance={instance}/{file}.gz";

/** Names a config may give instead of a template: `keyTemplate: hive`. */
export const KEY_TEMPLATE_PRESETS: Readonly<Record<string, string>> = {
  default: DEFAULT_KEY_TEMPLATE,
  hive: HIVE_KEY_TEMPLATE,
};

/** The template a configured `keyTemplate` stands for: a preset's template, or the text itself. */
export function expandKeyTemplate(keyTemplate: string): string {
  return Object.hasOwn(KEY_TEMPLATE_PRESETS, keyTemplate)
    ? (KEY_TEMPLATE_PRESETS[keyTemplate] as string)
    : keyTemplate;
}

/** Every problem with a key template: unknown placeholders, stray braces, missing required ones. */
export function keyTemplateProblems(template: string): string[] {
  const problems: string[] = [];
  const known: readonly string[] = KEY_PLACEHOLDERS;
  const used = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? "");
  const unknown = [...new Set(used.filter((name) => !known.includes(name)))];
  if (unknown.length > 0) {
    problems.push(
      `unknown placeholder ${unknown.map((name) => `{${name}}`).join(", ")}; ` +
        `use ${KEY_PLACEHOLDERS.map((name) => `{${name}}`).join(" ")}`,
    );
  }
  if (/[{}]/.test(template.replace(/\{[^{}]*\}/g, ""))) problems.push("has an unmatched { or }");
  const missing = REQUIRED_KEY_PLACEHOLDERS.filter((name) => !used.includes(name));
  if (missing.length > 0) {
    problems.push(
      `must contain ${renderPlaceholderList(missing)}, ` +
        "or two instances, two log folders or two versions of a log file could get the same key",
    );
  }
  return problems;
}

/** `{instance}, {logType} and {file}`: placeholders as a sentence names them. */
export function renderPlaceholderList(names: readonly string[]): string {
  const braced = names.map((name) => `{${name}}`);
  return braced.length < 2 ? braced.join("") : `${braced.slice(0, -1).join(", ")} and ${braced.at(-1)}`;
}
