/**
 * `--log-types` globs on the RDS log file name. `*` and `?` stay within one path segment, `**`
 * crosses them. A glob with a `/` is matched against the whole name (`audit/*`); one without is
 * also tried on the base name, so `postgresql.log.*` selects `error/postgresql.log.2026-11-20-10`.
 */
export function selectByLogTypes(globs: readonly string[]): (logFileName: string) => boolean {
  if (globs.length === 0) return () => true;
  const patterns = globs.map((glob) => ({ regex: globToRegExp(glob), wholeName: glob.includes("/") }));
  return (name) => {
    const base = name.slice(name.lastIndexOf("/") + 1);
    return patterns.some(({ regex, wholeName }) => regex.test(name) || (!wholeName && regex.test(base)));
  };
}

function globToRegExp(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === "*" && glob[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
