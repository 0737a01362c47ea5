/**
 * Bundles the DAS decrypt worker into one self-contained file, dist/das-decrypt-worker.mjs, that
 * the decrypt pool starts. A worker is a separate module graph: when the CLI or the action is
 * bundled, their bundler copies this file as an asset (it follows `new URL(…, import.meta.url)`)
 * but does not bundle what a worker imports, so the worker must carry its imports itself.
 */
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import ncc from "@vercel/ncc";

const entry = fileURLToPath(new URL("../dist/adapters/das-decrypt-worker.js", import.meta.url));
const out = fileURLToPath(new URL("../dist/das-decrypt-worker.mjs", import.meta.url));
const { code, assets } = await ncc(entry, { minify: true, quiet: true });
const extra = Object.keys(assets ?? {}).filter((name) => name !== "package.json");
if (extra.length > 0)
  throw new Error(`the decrypt worker needs assets that are not copied: ${extra.join(", ")}`);
await writeFile(out, code);
