import { ArchiverError } from "../errors.js";

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;

// Units in falling order, each at most once: "1h30m" reads unambiguously, "30m1h" or "5m5m" is a typo.
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** The forms {@link parseDuration} accepts, for error messages and schema descriptions. */
export const DURATION_FORMS =
  'a number with a unit: "90s", "5m", "2h", "3d", or a combination such as "1h30m"';

/**
 * Reads a duration such as `90s`, `5m`, `2h`, `3d` or `1h30m` (units d, h, m, s, largest first)
 * and returns it in milliseconds. A bare number is rejected because its unit would be a guess.
 *
 * @throws {ArchiverError} `CONFIG_INVALID` naming the text and the accepted forms.
 */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const match = DURATION.exec(trimmed);
  if (trimmed === "" || match === null) {
    throw new ArchiverError("CONFIG_INVALID", `"${text}" is not a duration; use ${DURATION_FORMS}`);
  }
  const [, d, h, m, s] = match;
  const part = (count: string | undefined, unit: number) => (count === undefined ? 0 : Number(count) * unit);
  const ms = part(d, UNIT_MS.d) + part(h, UNIT_MS.h) + part(m, UNIT_MS.m) + part(s, UNIT_MS.s);
  if (!Number.isSafeInteger(ms)) {
    throw new ArchiverError("CONFIG_INVALID", `"${text}" is too long a duration`);
  }
  return ms;
}
