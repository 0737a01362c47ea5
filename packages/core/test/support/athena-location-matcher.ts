/**
 * Which S3 objects an Athena table reads, worked out from the printed `CREATE EXTERNAL TABLE`
 * statement alone (its LOCATION and TBLPROPERTIES), the way Athena does with partition projection:
 * each `${column}` of `storage.location.template` becomes the values its projection allows (any
 * segment for `injected`, the listed values for `enum`, the date format for `date`), and Athena
 * reads every object below a partition's folder. A table without projection reads everything
 * below its LOCATION.
 */

/** A predicate on `s3://bucket/key` URIs: does the table read this object? */
export function renderLocationMatcher(statement: string): RegExp {
  const location = /^LOCATION '([^']*)'$/m.exec(statement)?.[1];
  if (location === undefined) throw new Error(`no LOCATION in ${statement}`);
  const properties = new Map(
    [...statement.matchAll(/^ {2}'([^']+)' = '([^']*)',?$/gm)].map(([, key, value]) => [key, value]),
  );
  const template = properties.get("storage.location.template");
  if (properties.get("projection.enabled") !== "true" || template === undefined)
    return new RegExp(`^${escapeRegExp(location)}.+$`);
  if (!template.startsWith(location) || !template.endsWith("/"))
    throw new Error(`storage.location.template ${template} is not a folder below ${location}`);
  const pattern = template
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      const column = /^\$\{([^}]+)\}$/.exec(part)?.[1];
      if (column === undefined) return escapeRegExp(part);
      const type = properties.get(`projection.${column}.type`);
      if (type === "injected") return "[^/]+";
      if (type === "enum")
        return `(?:${(properties.get(`projection.${column}.values`) ?? "").split(",").map(escapeRegExp).join("|")})`;
      if (type === "date") return renderDatePattern(properties.get(`projection.${column}.format`) ?? "");
      throw new Error(`partition column ${column} has projection type ${type}`);
    })
    .join("");
  return new RegExp(`^${pattern}.+$`);
}

function renderDatePattern(format: string): string {
  return format
    .split(/(yyyy|MM|dd|HH)/)
    .map((part) => {
      if (part === "yyyy") return "\\d{4}";
      if (part === "MM" || part === "dd" || part === "HH") return "\\d{2}";
      return escapeRegExp(part);
    })
    .join("");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
