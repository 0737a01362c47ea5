/**
 * The globs of `logTypes` (`--log-types`), compiled by picomatch: `*` and `?` stay within one path
 * segment, `**` crosses them, `[01]` is a class, `{10,11}` alternatives and `@(a|b)` an extglob.
 * Brackets and braces must be balanced (a lone `[` is a mistake, not a name), and a leading `!`
 * is literal: the globs are alternatives, so a negation among them would select nearly everything.
 */
import picomatch from "picomatch";

const OPTIONS: picomatch.PicomatchOptions = { dot: true, nonegate: true, strictBrackets: true };

/**
 * A test for one glob on one name (the caller decides which name: the whole RDS log file name or
 * its base name).
 *
 * @throws {Error} with picomatch's reason when the glob is malformed.
 */
export function compileLogTypeGlob(glob: string): (name: string) => boolean {
  return picomatch(glob, OPTIONS);
}

/** Why `glob` cannot be used, or undefined when it can. */
export function logTypeGlobProblem(glob: string): string | undefined {
  try {
    compileLogTypeGlob(glob);
    return undefined;
  } catch (error) {
    return `"${glob}" is not a glob: ${(error as Error).message}`;
  }
}
