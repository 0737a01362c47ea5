import { CONFIG_FIELDS, type ConfigField, configFieldAt } from "./config-fields.js";

/**
 * How one surface names the config's paths in an issue, for `describeConfigIssuePath`: by the
 * flag or input that sets each field (issue paths have no `[]`: `targets.region`).
 */
export function renderConfigFieldNames(
  name: (field: ConfigField) => string | undefined,
): Record<string, string> {
  const fields = CONFIG_FIELDS as readonly ConfigField[];
  const names: Record<string, string> = {};
  const issuePath = (path: string) => path.replace(/\[\]/g, "");
  for (const field of fields) {
    const own = name(field);
    if (own === undefined) continue;
    for (const path of [field.path, ...(field.covers ?? [])]) names[issuePath(path)] = own;
  }
  for (const field of fields) {
    if (field.setBy === undefined) continue;
    const by = field.setBy.flatMap((path) => {
      const setter = configFieldAt(path);
      return setter === undefined || name(setter) === undefined ? [] : [name(setter) as string];
    });
    if (by.length > 0) names[issuePath(field.path)] = `${by.slice(0, -1).join(", ")} or ${by.at(-1)}`;
  }
  return names;
}

/**
 * `text` (a hint, say) with each setting it names in backquotes, by its config path
 * (`` `concurrency` ``, `` `targets[].clusters` ``), named as the surface names it: `--cluster` in
 * the CLI, `input "clusters"` in the Action. Core writes hints in the config's terms so that each
 * surface speaks its own; a path the surface has no name for stays as the config file's.
 */
export function renderSettingNames(text: string, name: (field: ConfigField) => string | undefined): string {
  return text.replace(/`([^`\s]+)`/g, (quoted, path: string) => {
    const field = configFieldAt(path);
    return (field && name(field)) ?? quoted;
  });
}
