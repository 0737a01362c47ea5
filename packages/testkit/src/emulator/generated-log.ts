import { Readable } from "node:stream";

/**
 * Log text generated from a seed, for files of gigabytes that no test should have to store.
 *
 * The content is cut into fixed blocks, and each block is derived from `(seed, blockIndex)`
 * alone. Any byte range can therefore be produced on its own, in order, with memory bounded by
 * one block: the REST download streams it, the portion API reads a window of it, and a test
 * regenerates the same bytes independently to check what arrived.
 */
export const GENERATED_BLOCK_SIZE = 64 * 1024;

const LINE_TEMPLATES = [
  "2026-11-20 10:%M:%S UTC:10.0.%A.%B(5432):app@orders:[%P]:LOG:  AUDIT: SESSION,%N,1,READ,SELECT,,,SELECT * FROM orders WHERE id = %N;,<none>",
  "2026-11-20 10:%M:%S UTC:10.0.%A.%B(5432):app@orders:[%P]:LOG:  AUDIT: SESSION,%N,1,WRITE,INSERT,,,\"INSERT INTO customers (name, note) VALUES ('山田太郎', 'ログ出力テスト %N');\",<none>",
  "2026-11-20 10:%M:%S UTC:10.0.%A.%B(5432):report@dw:[%P]:LOG:  duration: %A.%B ms  statement: SELECT count(*) FROM events WHERE day = '2026-11-%A';",
  "20261120 10:%M:%S,ip-10-0-%A-%B,app,10.0.%A.%B,%P,%N,QUERY,shop,'UPDATE customers SET note = \\'更新済み %N\\' WHERE id = %A',0",
  '2026-11-20 10:%M:%S UTC:10.0.%A.%B(5432):app@orders:[%P]:ERROR:  duplicate key value violates unique constraint "orders_pkey"',
  "2026-11-20T10:%M:%S.%BZ %P [Note] [MY-010914] [Server] Aborted connection %N to db: 'shop' user: 'app' host: '10.0.%A.%B'",
];

/** A pool of concrete lines, built once; blocks are sequences of pool lines chosen by a PRNG. */
const LINE_POOL: Buffer[] = (() => {
  const lines: Buffer[] = [];
  let state = 0x9e3779b9;
  const next = () => {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return state;
  };
  for (let i = 0; i < 1024; i++) {
    const template = LINE_TEMPLATES[i % LINE_TEMPLATES.length] as string;
    const text = template
      .replace(/%M/g, String(next() % 60).padStart(2, "0"))
      .replace(/%S/g, String(next() % 60).padStart(2, "0"))
      .replace(/%A/g, String(next() % 250))
      .replace(/%B/g, String(next() % 250))
      .replace(/%P/g, String(1000 + (next() % 60000)))
      .replace(/%N/g, String(next() % 100000));
    lines.push(Buffer.from(`${text}\n`, "utf8"));
  }
  return lines;
})();

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Block `index` of the content for `seed`: whole pool lines, padded to the block size with a filler line. */
function renderBlock(seed: number, index: number, into: Buffer): void {
  const random = mulberry32((Math.imul(seed, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0);
  let at = 0;
  for (;;) {
    const line = LINE_POOL[random() % LINE_POOL.length] as Buffer;
    if (at + line.length > into.length) break;
    into.set(line, at);
    at += line.length;
  }
  if (at < into.length) {
    into.fill(0x2d, at, into.length - 1); // '-' filler keeps every block ending on a line break
    into[into.length - 1] = 0x0a;
  }
}

/** The bytes `[start, end)` of a generated file, as a stream that holds one block at a time. */
export function createGeneratedLogStream(seed: number, size: number, start = 0, end = size): Readable {
  let position = Math.max(0, start);
  const stop = Math.min(end, size);
  return new Readable({
    highWaterMark: GENERATED_BLOCK_SIZE,
    read() {
      if (position >= stop) {
        this.push(null);
        return;
      }
      const index = Math.floor(position / GENERATED_BLOCK_SIZE);
      // A fresh buffer per block: the pushed slice may still be queued downstream when the next block renders.
      const block = Buffer.allocUnsafe(GENERATED_BLOCK_SIZE);
      renderBlock(seed, index, block);
      const from = position - index * GENERATED_BLOCK_SIZE;
      const to = Math.min(GENERATED_BLOCK_SIZE, stop - index * GENERATED_BLOCK_SIZE);
      position += to - from;
      this.push(block.subarray(from, to));
    },
  });
}
