/**
 * Reading one section of a fleet definition: each reader records what is wrong with its path in
 * a shared list, so that a fleet is refused with every problem at once.
 */
export interface FieldReader {
  readonly problems: string[];
  /** A non-empty string; with `optional`, undefined is accepted too. */
  str(where: string, value: unknown, optional?: false): string;
  str(where: string, value: unknown, optional: true): string | undefined;
  /** One of `allowed`, or undefined when optional and absent. */
  oneOf<T extends string>(
    where: string,
    value: unknown,
    allowed: readonly T[],
    optional: true,
  ): T | undefined;
  /** An ISO 8601 time, or undefined when optional and absent. */
  time(where: string, value: unknown, optional?: false): string;
  time(where: string, value: unknown, optional: true): string | undefined;
  /** An array of objects (entries that are not objects are reported), or [] when absent. */
  objects(where: string, value: unknown): Record<string, unknown>[];
  /** An array of non-empty strings, or undefined when absent. */
  strings(where: string, value: unknown): string[] | undefined;
  boolean(where: string, value: unknown): boolean | undefined;
}

export function createFieldReader(problems: string[]): FieldReader {
  function str(where: string, value: unknown, optional = false): string | undefined {
    if (value === undefined && optional) return undefined;
    if (typeof value !== "string" || value === "") problems.push(`${where}: must be a non-empty string`);
    return typeof value === "string" ? value : "";
  }
  function time(where: string, value: unknown, optional = false): string | undefined {
    if (value === undefined && optional) return undefined;
    const text = str(where, value) ?? "";
    if (text !== "" && Number.isNaN(Date.parse(text))) problems.push(`${where}: must be an ISO 8601 time`);
    return text;
  }
  return {
    problems,
    str: str as FieldReader["str"],
    time: time as FieldReader["time"],
    oneOf(where, value, allowed) {
      if (value === undefined) return undefined;
      if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
        problems.push(`${where}: must be one of ${allowed.join(", ")}`);
        return undefined;
      }
      return value as (typeof allowed)[number];
    },
    objects(where, value) {
      if (value === undefined) return [];
      if (!Array.isArray(value)) {
        problems.push(`${where}: must be an array`);
        return [];
      }
      return value.map((item, i) => {
        if (typeof item === "object" && item !== null && !Array.isArray(item)) {
          return item as Record<string, unknown>;
        }
        problems.push(`${where}[${i}]: must be an object`);
        return {};
      });
    },
    strings(where, value) {
      if (value === undefined) return undefined;
      if (!Array.isArray(value)) {
        problems.push(`${where}: must be an array of strings`);
        return undefined;
      }
      return value.map((item, i) => str(`${where}[${i}]`, item) ?? "");
    },
    boolean(where, value) {
      if (value === undefined) return undefined;
      if (typeof value !== "boolean") problems.push(`${where}: must be true or false`);
      return value === true;
    },
  };
}

/** Adds only the optional fields that have a value (the specs are read under exactOptionalPropertyTypes). */
export function withOptional<T extends object, O extends object>(
  base: T,
  optional: O,
): T & { [K in keyof O]?: Exclude<O[K], undefined> } {
  const present = Object.entries(optional).filter(([, v]) => v !== undefined);
  return { ...base, ...Object.fromEntries(present) } as T & { [K in keyof O]?: Exclude<O[K], undefined> };
}
