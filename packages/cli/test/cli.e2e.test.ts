import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8" });
const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

it("prints its version", () => {
  const result = run("--version");
  expect(result.status).toBe(0);
  expect(result.stdout.trim()).toBe(version);
});

it("prints help and exits 0 with --help, 2 with no command", () => {
  expect(run("--help")).toMatchObject({ status: 0 });
  const bare = run();
  expect(bare.status).toBe(2);
  expect(bare.stdout).toContain("usage: rds-log-archive <command>");
});

it("refuses a command it does not have yet with exit code 2 and says where to look", () => {
  const result = run("sync", "--all");
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('"sync" is not available in this build yet');
});
