import { compileLogTypeGlob } from "../../config/log-type-glob.js";

/**
 * `--log-types` globs on the RDS log file name (config/log-type-glob.ts has the syntax). A glob
 * with a `/` is matched against the whole name (`audit/*`); one without is also tried on the base
 * name, so `postgresql.log.*` selects `error/postgresql.log.2026-11-20-10`.
 */
export function selectByLogTypes(globs: readonly string[]): (logFileName: string) => boolean {
  if (globs.length === 0) return () => true;
  const patterns = globs.map((glob) => ({
    matches: compileLogTypeGlob(glob),
    wholeName: glob.includes("/"),
  }));
  return (name) => {
    const base = name.slice(name.lastIndexOf("/") + 1);
    return patterns.some(({ matches, wholeName }) => matches(name) || (!wholeName && matches(base)));
  };
}
