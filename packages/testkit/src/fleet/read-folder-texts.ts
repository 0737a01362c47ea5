import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

/**
 * Everything a run left in a folder, as text to search: each file's path, its content, and a
 * `.gz` file's content unzipped too. For tests that prove a secret was written nowhere.
 */
export async function readFolderTexts(
  folder: string,
  skip: (entry: string) => boolean = () => false,
): Promise<string[]> {
  const texts: string[] = [];
  for (const entry of await readdir(folder, { recursive: true })) {
    const file = path.join(folder, entry);
    if (skip(entry) || !(await stat(file)).isFile()) continue;
    const bytes = await readFile(file);
    texts.push(entry, bytes.toString("utf8"));
    if (entry.endsWith(".gz")) texts.push(gunzipSync(bytes).toString("utf8"));
  }
  return texts;
}
