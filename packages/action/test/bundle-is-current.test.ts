/**
 * The committed bundle (packages/action/dist, what the runner runs) must be what ncc builds from
 * the sources now: a change to the action or the engine that is not re-bundled fails here.
 * Rebuild with `npm run bundle -w @rds-log-archive/action` and commit dist/.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
const ncc = fileURLToPath(new URL("../../../node_modules/@vercel/ncc/dist/ncc/cli.js", import.meta.url));
let fresh: string | undefined;

afterAll(async () => {
  if (fresh) await rm(fresh, { recursive: true, force: true });
});

it("dist/ is what ncc builds from the current sources", async () => {
  fresh = await mkdtemp(path.join(tmpdir(), "action-bundle-"));
  // lib/ is the tsc output of this package, which the test task's build dependency has just made.
  const built = spawnSync(
    process.execPath,
    [ncc, "build", "lib/main.js", "--out", fresh, "--license", "licenses.txt", "--quiet"],
    { cwd: packageDir, encoding: "utf8" },
  );
  expect(built.status, built.stderr).toBe(0);
  const committed = path.join(packageDir, "dist");
  const names = (await readdir(fresh)).sort();
  expect((await readdir(committed)).sort()).toEqual(names);
  for (const name of names) {
    const same = (await readFile(path.join(fresh, name))).equals(await readFile(path.join(committed, name)));
    expect(
      same,
      `dist/${name} is stale: run npm run bundle -w @rds-log-archive/action and commit dist/`,
    ).toBe(true);
  }
});
