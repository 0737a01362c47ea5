import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/**
 * Why a folder destination cannot be used, found before any work: the path (or a folder on the
 * way to it) is a file, or, when the run will write, the folder (or the nearest one that exists,
 * under which it would be created) is not writable. Undefined when the folder is fine; a folder
 * that does not exist yet is fine, since the run creates it.
 */
export async function readDestinationDirProblem(
  dir: string,
  options: { write: boolean },
): Promise<string | undefined> {
  let path = resolve(dir);
  for (;;) {
    const found = await stat(path).catch((error: NodeJS.ErrnoException) => error);
    if (found instanceof Error) {
      if (found.code === "ENOTDIR") return `${dir} is under a file, not a folder`;
      const parent = dirname(path);
      if (found.code !== "ENOENT" || parent === path) return `${dir} cannot be read (${found.code})`;
      path = parent;
      continue;
    }
    if (!found.isDirectory())
      return path === resolve(dir) ? `${dir} is a file, not a folder` : `${path} is a file, not a folder`;
    if (!options.write) return undefined;
    const writable = await access(path, constants.W_OK | constants.X_OK).then(
      () => true,
      () => false,
    );
    return writable ? undefined : `${path} is not writable`;
  }
}
