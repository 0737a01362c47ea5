import { invalidParameter, missingParameter } from "./emulator-error.js";

/**
 * Reads awsQuery parameters: flat `Key=Value` pairs, with lists flattened as `Name.Member.N`
 * (`EventCategories.EventCategory.1`) and structures as `Filters.Filter.1.Values.Value.2`.
 */
export class QueryParams {
  readonly values: ReadonlyMap<string, string>;

  constructor(values: ReadonlyMap<string, string>) {
    this.values = values;
  }

  static parse(body: string, search: URLSearchParams): QueryParams {
    const values = new Map<string, string>();
    for (const [key, value] of search) if (!key.startsWith("X-Amz-")) values.set(key, value);
    for (const [key, value] of new URLSearchParams(body)) values.set(key, value);
    return new QueryParams(values);
  }

  string(name: string): string | undefined {
    return this.values.get(name);
  }

  required(name: string): string {
    const value = this.values.get(name);
    if (value === undefined || value === "") throw missingParameter(name);
    return value;
  }

  integer(name: string): number | undefined {
    const raw = this.values.get(name);
    if (raw === undefined || raw === "") return undefined;
    if (!/^-?\d+$/.test(raw))
      throw invalidParameter(`Invalid value ${raw} for ${name}. It must be a number.`);
    return Number(raw);
  }

  timestamp(name: string): Date | undefined {
    const raw = this.values.get(name);
    if (raw === undefined || raw === "") return undefined;
    const date = new Date(raw);
    if (Number.isNaN(date.getTime()))
      throw invalidParameter(`Invalid value ${raw} for ${name}. It must be a timestamp.`);
    return date;
  }

  /** `prefix.1`, `prefix.2`, … in index order. */
  list(prefix: string): string[] {
    return this.#indexed(prefix).map(([, key]) => this.values.get(key) ?? "");
  }

  /** `Filters.Filter.N.Name` with `Filters.Filter.N.Values.Value.M`. */
  filters(): { name: string; values: string[] }[] {
    const names = this.#indexed("Filters.Filter").filter(([, key]) => key.endsWith(".Name"));
    return names.map(([index, key]) => ({
      name: this.values.get(key) ?? "",
      values: this.list(`Filters.Filter.${index}.Values.Value`),
    }));
  }

  #indexed(prefix: string): [number, string][] {
    const pattern = new RegExp(`^${prefix.replace(/\./g, "\\.")}\\.(\\d+)(\\.Name)?$`);
    const found: [number, string][] = [];
    for (const key of this.values.keys()) {
      const match = pattern.exec(key);
      if (match) found.push([Number(match[1]), key]);
    }
    return found.sort((a, b) => a[0] - b[0]);
  }
}

/** Bounded `MaxRecords` as the Describe calls enforce it (min 20, max 100, default 100). */
export function readMaxRecords(params: QueryParams, bounds = { min: 20, max: 100, fallback: 100 }): number {
  const value = params.integer("MaxRecords");
  if (value === undefined) return bounds.fallback;
  if (value < bounds.min || value > bounds.max) {
    throw invalidParameter(
      `Invalid value ${value} for MaxRecords. Must be between ${bounds.min} and ${bounds.max}`,
    );
  }
  return value;
}
