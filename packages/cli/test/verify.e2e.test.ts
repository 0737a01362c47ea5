import { execFileSync } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { serviceAvailability } from "@rds-log-archive/testkit";
import { describe, expect, it } from "vitest";
import { archivedFiles, useTrickyFleetCli } from "./support/tricky-fleet-cli.js";

const cli = useTrickyFleetCli("cli-verify");
const { run } = cli;

describe("rds-log-archive verify", () => {
  it("finds a fresh archive sound, then names a flipped byte, a truncated object and a lost sidecar", async () => {
    const dest = path.join(cli.work, "archive");
    expect((await run(["sync", "--cluster", "aurora", "--instance", "maria", "--dest", dest])).code).toBe(0);
    const sound = await run(["verify", "--dest", dest]);
    expect(sound.code).toBe(0);
    expect(sound.stdout).toMatch(/^verified 8 objects, .* read, in .*: 8 sound, 0 bad$/m);

    const [flipped = "", truncated = "", bare = ""] = await archivedFiles(dest);
    const bytes = await readFile(path.join(dest, flipped));
    bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0x10, bytes.length >> 1);
    await writeFile(path.join(dest, flipped), bytes);
    const cut = await readFile(path.join(dest, truncated));
    await writeFile(path.join(dest, truncated), cut.subarray(0, cut.length - 5));
    await rm(path.join(dest, `${bare}.meta.json`));

    const bad = await run(["verify", "--dest", dest]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/8 objects, .*: 5 sound, 3 bad/);
    expect(bad.stdout).toContain(
      `BAD ${truncated}: it does not decompress: unexpected end of file (NOT_GZIP)`,
    );
    expect(bad.stdout).toContain(`BAD ${bare}: it has no metadata record`);
    expect(bad.stdout).toMatch(
      new RegExp(
        `BAD ${flipped.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: .*\\((NOT_GZIP|SIZE_MISMATCH|SHA256_MISMATCH)\\)`,
      ),
    );

    const json = await run(["verify", "--dest", dest, "--json", "--quiet"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ kind: "verify", totals: { checked: 8, ok: 5, bad: 3 } });
    expect(report.bad.map((b: { key: string }) => b.key).sort()).toEqual([flipped, truncated, bare].sort());
  });

  it("reads only the window, and needs a destination (exit 2, named)", async () => {
    const dest = path.join(cli.work, "archive");
    const none = await run(["verify", "--dest", dest, "--since", "2000-01-01", "--until", "2000-01-02"]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/verified 0 objects.*8 outside, not read/);
    const missing = await run(["verify", "--since", "yesterday"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--dest: give a bucket (S3) or a dir");
    expect(missing.stderr).toContain("--since:");
  });

  it("never passes an archive that is not there for a sound one", async () => {
    const nowhere = path.join(cli.work, "no-such-archive");
    const missing = await run(["verify", "--dest", nowhere]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`there is no archive at ${nowhere}: it does not exist`);
    expect(missing.stderr).toContain("hint: check --dest: verify reads a folder that sync has written");

    const empty = path.join(cli.work, "empty-archive");
    await mkdir(empty);
    const nothing = await run(["verify", "--dest", empty]);
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toBe(
      `nothing to verify: no archived object in ${empty}; check --dest (or the config's destination and prefix)\n`,
    );
  });
});

const tmuxAvailability = serviceAvailability("tmux", ["/usr/bin/tmux"]);

it.skipIf(!tmuxAvailability.available)(
  "shows its progress on a terminal, then the summary",
  async () => {
    const dest = path.join(cli.work, "archive");
    // A tmux server of its own, so the test neither sees nor disturbs anyone's sessions.
    const tmux = (...args: string[]) =>
      execFileSync("tmux", ["-L", `rds-log-archive-verify-${process.pid}`, ...args], { encoding: "utf8" });
    const bundle = fileURLToPath(new URL("../bundle/index.js", import.meta.url));
    const command = [
      "env",
      `PATH=${process.env.PATH ?? ""}`,
      process.execPath,
      bundle,
      "verify",
      "--dest",
      dest,
    ].join(" ");
    tmux("new-session", "-d", "-x", "200", "-y", "30", `${command}; echo "exit=$?"; sleep 30`);
    try {
      let screen = "";
      for (let waited = 0; waited < 60_000 && !/^exit=\d+$/m.test(screen); waited += 100) {
        await sleep(100);
        screen = tmux("capture-pane", "-p");
      }
      expect(screen).toMatch(/^verifying: 8 objects, 3 bad, [\d.]+ (B|KiB|MiB) read$/m);
      expect(screen).toMatch(/^verified 8 objects/m);
      expect(screen).toMatch(/^exit=1$/m);
    } finally {
      tmux("kill-server");
    }
  },
  90_000,
);
