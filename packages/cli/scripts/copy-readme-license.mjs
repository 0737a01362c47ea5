/**
 * Copies the repository's README.md and LICENSE into the package before `npm pack` and `npm
 * publish` (npm always ships both), so that the tarball and the npm page carry them. The copies
 * are ignored by git: the repository keeps one of each, at its root.
 */
import { copyFile } from "node:fs/promises";

for (const name of ["README.md", "LICENSE"]) {
  await copyFile(new URL(`../../../${name}`, import.meta.url), new URL(`../${name}`, import.meta.url));
}
