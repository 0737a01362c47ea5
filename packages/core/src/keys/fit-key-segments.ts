/**
 * Key segments that fit a file system. Most file systems refuse a name over 255 bytes, so a log
 * file name near that length would render a key no folder destination can write, and, with the
 * state lost, a HEAD that fails on every run. Keys must be the same in every store, so the rule is
 * applied to every key, S3 included: a segment over 255 bytes (the last one over 245, leaving room
 * for the `.meta.json` sidecar a folder keeps beside it) keeps its head and its tail (where the
 * version discriminator and the extension are) and gets, in between, `%7E` and 32 hex digits of
 * the SHA-256 of the whole segment.
 *
 * Injective: `%7E` (an encoded `~`) never occurs in a segment rendered from values, because
 * `toKeySegment` writes `%` as `%25` and never encodes `~`; so a shortened segment differs from
 * every segment that was not shortened, and two shortened ones differ unless 128 bits of SHA-256
 * collide. (A key template whose own text holds `%7E` gives up that guarantee; none needs to.)
 */
import { createHash } from "node:crypto";

/** Bytes a key segment may have; the last one leaves room for `.meta.json`. */
export const MAX_SEGMENT_BYTES = 255;
export const MAX_LAST_SEGMENT_BYTES = MAX_SEGMENT_BYTES - ".meta.json".length;
const TAIL_BYTES = 64;
const MARK = "%7E";

/** `key` with every segment after `prefix` fitted; see the file header. Pure. */
export function fitKeySegments(key: string, prefix: string): string {
  const head = key.startsWith(prefix) ? prefix : "";
  const segments = key.slice(head.length).split("/");
  return (
    head +
    segments
      .map((segment, index) =>
        fitSegment(segment, index === segments.length - 1 ? MAX_LAST_SEGMENT_BYTES : MAX_SEGMENT_BYTES),
      )
      .join("/")
  );
}

function fitSegment(segment: string, limit: number): string {
  if (Buffer.byteLength(segment) <= limit) return segment;
  const digest = createHash("sha256").update(segment).digest("hex").slice(0, 32);
  // Whole characters and whole %XX escapes only, so neither end is cut inside one.
  const units = segment.match(/%[0-9A-F]{2}|[\s\S]/gu) ?? [];
  const tail = takeBytes([...units].reverse(), TAIL_BYTES)
    .reverse()
    .join("");
  const room = limit - MARK.length - digest.length - Buffer.byteLength(tail);
  return `${takeBytes(units, room).join("")}${MARK}${digest}${tail}`;
}

function takeBytes(units: readonly string[], budget: number): string[] {
  const taken: string[] = [];
  let used = 0;
  for (const unit of units) {
    const bytes = Buffer.byteLength(unit);
    if (used + bytes > budget) break;
    taken.push(unit);
    used += bytes;
  }
  return taken;
}
