import { invalidParameter } from "./emulator-error.js";

/**
 * Marker paging over a sorted list. The marker names the last key returned rather than an
 * offset, so a page stays correct when items are added or removed between calls, as on RDS.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  marker: string | undefined,
  pageSize: number,
): { page: T[]; nextMarker: string | undefined } {
  let from = 0;
  if (marker !== undefined && marker !== "") {
    const after = decodeMarker(marker);
    from = items.findIndex((item) => keyOf(item) > after);
    if (from === -1) from = items.length;
  }
  const page = items.slice(from, from + pageSize);
  const last = page.at(-1);
  const more = from + pageSize < items.length;
  return { page, nextMarker: more && last !== undefined ? encodeMarker(keyOf(last)) : undefined };
}

function encodeMarker(key: string): string {
  return Buffer.from(`emu1:${key}`, "utf8").toString("base64url");
}

function decodeMarker(marker: string): string {
  const decoded = Buffer.from(marker, "base64url").toString("utf8");
  if (!decoded.startsWith("emu1:")) throw invalidParameter(`The marker ${marker} is not valid.`);
  return decoded.slice("emu1:".length);
}
