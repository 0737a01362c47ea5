/**
 * The npm package as a user gets it: `npm pack` of this package, then `npm i -g` of the tarball
 * into a temp prefix with `--offline` and an empty cache (so any dependency it still had on the
 * registry, such as an unpublished workspace package, fails the install), then the installed
 * command against the emulator; and `npx ./rds-log-archive-X.tgz`. npm runs with a temp HOME,
 * as on a clean machine, and the installed command on the Node that runs this test.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import getReleasePlan from "@changesets/get-release-plan";
import { type EmulatorProcess, startEmulatorProcess, writeTrickyFleet } from "@rds-log-archive/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "./support/run-cli.js";
import { archivedFiles, keepActiveFileActive } from "./support/tricky-fleet-cli.js";

const packageDir = fileURLToPath(new URL("../", import.meta.url));
const repoRoot = path.join(packageDir, "../..");
const manifest = JSON.parse(await readFile(path.join(packageDir, "package.json"), "utf8")) as {
  name: string;
  version: string;
};

let work = "";
let tarball = "";
let fleetDir = "";
let emulator: EmulatorProcess | undefined;

/** A clean machine's environment: this Node first on PATH, a HOME of its own, nothing else. */
const cleanEnv = (): Record<string, string> => ({
  PATH: [path.dirname(process.execPath), process.env.PATH ?? ""].join(path.delimiter),
  HOME: path.join(work, "home"),
});

const run = (command: string, args: string[], cwd: string, env: Record<string, string> = {}) =>
  runProcess(command, args, { cwd, env: { ...cleanEnv(), ...env } });

/** npm's flags for a cache in the scratch folder: empty at first, so `--offline` finds nothing in it. */
const npmFlags = (cache: string) => [
  "--cache",
  path.join(work, cache),
  "--no-audit",
  "--no-fund",
  "--no-update-notifier",
];

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "cli-package-"));
  await mkdir(path.join(work, "home"));
  const packed = await run(
    "npm",
    ["pack", "--json", "--pack-destination", work, ...npmFlags("pack-cache")],
    packageDir,
  );
  expect(packed.code, packed.stderr).toBe(0);
  const [entry] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, entry?.filename ?? "");
  fleetDir = await writeTrickyFleet(new Date());
  emulator = await startEmulatorProcess(["--fleet", fleetDir]);
});

afterAll(async () => {
  await emulator?.stop();
  await rm(fleetDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

describe("the rds-log-archive npm package", () => {
  it("is named rds-log-archive and packs the bundle, the schema, README and LICENSE, and nothing else", async () => {
    expect(path.basename(tarball)).toBe(`rds-log-archive-${manifest.version}.tgz`);
    const listed = await run("tar", ["-tzf", tarball], work);
    const files = listed.stdout.split("\n").filter(Boolean).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "package/LICENSE",
        "package/README.md",
        "package/bin/launch-with-heap-floor.cjs",
        "package/bin/rds-log-archive.cjs",
        "package/bundle/index.js",
        "package/bundle/package.json",
        "package/config.schema.json",
        "package/package.json",
      ]),
    );
    const outside = files.filter((file) => !/^package\/(bin|bundle)\/|^package\/[^/]+$/.test(file));
    expect(outside).toEqual([]);
    expect(files.filter((file) => /\.(ts|map)$/.test(file))).toEqual([]);
    const unpacked = path.join(work, "unpacked");
    await mkdir(unpacked);
    expect((await run("tar", ["-xzf", tarball, "-C", unpacked], work)).code).toBe(0);
    const read = (name: string) => readFile(path.join(unpacked, "package", name), "utf8");
    expect(await read("README.md")).toBe(await readFile(path.join(repoRoot, "README.md"), "utf8"));
    expect(await read("LICENSE")).toBe(await readFile(path.join(repoRoot, "LICENSE"), "utf8"));
    const packedManifest = JSON.parse(await read("package.json"));
    expect(packedManifest).toMatchObject({
      name: "rds-log-archive",
      license: "Apache-2.0",
      bin: { "rds-log-archive": "./bin/rds-log-archive.cjs" },
      engines: { node: ">=20.19" },
      repository: { type: "git", url: expect.stringMatching(/^git\+https:\/\/github\.com\/.+\.git$/) },
    });
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "bundleDependencies"]) {
      expect(packedManifest[field], field).toBeUndefined();
    }
  });

  it("ships the config JSON Schema under the stable $id that the README gives editors", async () => {
    const unpacked = path.join(work, "unpacked", "package");
    const schema = JSON.parse(await readFile(path.join(unpacked, "config.schema.json"), "utf8"));
    expect(schema.$id).toBe("https://unpkg.com/rds-log-archive@1/config.schema.json");
    expect(schema.required).toEqual(["targets", "destination"]);
    expect(await readFile(path.join(repoRoot, "README.md"), "utf8")).toContain(schema.$id);
  });

  it("points the $id at the major that the next release (or, with no changeset pending, this one) has", async () => {
    const plan = await getReleasePlan(repoRoot);
    const next =
      plan.releases.find((release) => release.name === manifest.name)?.newVersion ?? manifest.version;
    const schema = JSON.parse(await readFile(path.join(packageDir, "config.schema.json"), "utf8"));
    expect(schema.$id).toBe(`https://unpkg.com/rds-log-archive@${next.split(".")[0]}/config.schema.json`);
  });

  it("installs globally from the tarball offline, with an empty cache, and runs", async () => {
    const prefix = path.join(work, "prefix");
    const installed = await run(
      "npm",
      ["install", "--global", "--offline", "--prefix", prefix, ...npmFlags("cache"), tarball],
      work,
    );
    expect(installed.code, installed.stderr).toBe(0);
    const bin = path.join(prefix, "bin", "rds-log-archive");
    const version = await run(bin, ["--version"], work);
    expect(version).toMatchObject({ code: 0, stdout: `${manifest.version}\n` });

    const dest = path.join(work, "archive");
    await keepActiveFileActive(fleetDir);
    const synced = await run(
      bin,
      ["sync", "--cluster", "aurora", "--instance", "maria", "--dest", dest],
      work,
      {
        AWS_ENDPOINT_URL_RDS: emulator?.endpoint ?? "",
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "test:tester",
        AWS_SECRET_ACCESS_KEY: "testing",
      },
    );
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stdout).toMatch(/8 archived .* 0 failed, 0 gaps; 3 instances/);
    expect(await archivedFiles(dest)).toHaveLength(8);
  });

  it("runs with npx from the tarball", async () => {
    const args = [...npmFlags("npx-cache"), "--yes", "--offline", `./${path.basename(tarball)}`, "--help"];
    const result = await run("npx", args, work);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("usage: rds-log-archive <command>");
  });
});

describe("the workspace's commands in a clone", () => {
  it("point at files git tracks, so npm links them at install, before any build", async () => {
    const tracked = await run("git", ["ls-files", "packages/*/package.json"], repoRoot);
    const bins = await Promise.all(
      tracked.stdout
        .split("\n")
        .filter(Boolean)
        .map(async (file) => {
          const { bin = {} } = JSON.parse(await readFile(path.join(repoRoot, file), "utf8"));
          return Object.values<string>(bin).map((target) =>
            path.posix.join(path.posix.dirname(file), target),
          );
        }),
    );
    const targets = bins.flat();
    expect(targets).toEqual(
      expect.arrayContaining([
        "packages/cli/bin/rds-log-archive.cjs",
        "packages/testkit/bin/rds-log-archive-emulator.js",
      ]),
    );
    const listed = await run("git", ["ls-files", "--error-unmatch", ...targets], repoRoot);
    expect(listed.code, listed.stderr).toBe(0);
  });

  it("run with npx from the repository", async () => {
    for (const [bin, usage] of [
      ["rds-log-archive", "usage: rds-log-archive <command>"],
      ["rds-log-archive-emulator", "usage: rds-log-archive-emulator --fleet DIR"],
    ] as const) {
      const result = await run(
        "npx",
        [...npmFlags("npx-local-cache"), "--no-install", bin, "--help"],
        repoRoot,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(usage);
    }
  });
});
