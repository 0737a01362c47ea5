import { cp, mkdtemp, readFile, utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The sample fleet shipped with the repository: logs captured from real PostgreSQL and MariaDB. */
export const DEMO_FLEET_SOURCE = fileURLToPath(new URL("../../fleets/demo", import.meta.url));

/** `last-written.json`: LastWritten per file, since git does not keep mtimes. */
export const LAST_WRITTEN_MANIFEST = "last-written.json";

/**
 * Copies the sample fleet into a fresh temp folder and sets each file's mtime from the manifest,
 * so the emulator reports the LastWritten the samples were captured with.
 */
export async function materializeDemoFleet(source = DEMO_FLEET_SOURCE): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "rds-demo-fleet-"));
  await cp(source, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(path.join(source, LAST_WRITTEN_MANIFEST), "utf8")) as Record<
    string,
    string
  >;
  for (const [relative, lastWritten] of Object.entries(manifest)) {
    const at = new Date(lastWritten);
    await utimes(path.join(dir, ...relative.split("/")), at, at);
  }
  return dir;
}
