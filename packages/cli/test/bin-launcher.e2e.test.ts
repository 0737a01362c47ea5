import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "./support/run-cli.js";

const BIN = fileURLToPath(new URL("../bin/rds-log-archive.cjs", import.meta.url));
/** Node 22.15 and later (not on Windows): the launcher becomes the program (execve) instead of a parent. */
const REPLACES_ITSELF = "execve" in process && process.platform !== "win32";
let work = "";
let probe = "";

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "rds-bin-launcher-"));
  // Loaded through NODE_OPTIONS, so into every node process of the command without showing in
  // its execArgv: each says as it starts who it is, who started it, and with which flags.
  probe = path.join(work, "probe.cjs");
  await writeFile(
    probe,
    'process.stderr.write("probe " + JSON.stringify({ pid: process.pid, ppid: process.ppid, execArgv: process.execArgv }) + "\\n");\n',
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Probe {
  pid: number;
  ppid: number;
  execArgv: string[];
}

const probesIn = (stderr: string): Probe[] =>
  [...stderr.matchAll(/^probe (.*)$/gm)].map((match) => JSON.parse(match[1] as string) as Probe);

/** Whether a process `pid` exists (signal 0 checks without sending anything). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const env = (extra: Record<string, string> = {}) => ({
  PATH: process.env.PATH ?? "",
  NODE_OPTIONS: `--require ${probe}`,
  ...extra,
});

describe("the rds-log-archive bin", () => {
  it("runs the program in a node with a 64 MB initial old generation", async () => {
    const run = await runProcess(process.execPath, [BIN, "--version"], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const [launcher, program] = probesIn(run.stderr);
    expect(program?.execArgv).toEqual(["--initial-old-space-size=64"]);
    expect(launcher?.execArgv).toEqual([]);
    if (REPLACES_ITSELF) expect(program?.pid).toBe(launcher?.pid);
    else expect(program?.ppid).toBe(launcher?.pid);
  });

  it("runs the program itself when node was started with flags of its own", async () => {
    const run = await runProcess(process.execPath, ["--stack-size=2000", BIN, "--version"], { env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(probesIn(run.stderr).map((p) => p.execArgv)).toEqual([["--stack-size=2000"]]);
  });

  it("exits with the program's code and passes its output through", async () => {
    const args = [
      "sync",
      "--all",
      "--dest",
      path.join(work, "archive"),
      "--config",
      path.join(work, "missing.yml"),
    ];
    const launched = await runProcess(process.execPath, [BIN, ...args], { env: env() });
    const direct = await runProcess(process.execPath, ["--initial-old-space-size=64", BIN, ...args], {
      env: env(),
    });
    expect(direct.code).toBeGreaterThan(0);
    expect(launched.code).toBe(direct.code);
    const withoutProbes = (text: string) => text.replace(/^probe .*\n/gm, "");
    expect(withoutProbes(launched.stderr)).toBe(withoutProbes(direct.stderr));
    expect(withoutProbes(launched.stderr)).toContain("missing.yml");
  });

  it.runIf(process.platform !== "win32")(
    "stops the program on a SIGTERM to the command, and the command dies of it",
    async () => {
      // An RDS that takes the connection and never answers: the program waits on it.
      const sockets: Socket[] = [];
      const rds: Server = createServer((socket) => sockets.push(socket));
      rds.listen(0, "127.0.0.1");
      await once(rds, "listening");
      const { port } = rds.address() as { port: number };
      let program: number | undefined;
      try {
        const child = spawn(process.execPath, [BIN, "sync", "--all", "--dest", path.join(work, "waits")], {
          env: env({
            AWS_REGION: "us-east-1",
            AWS_ACCESS_KEY_ID: "test",
            AWS_SECRET_ACCESS_KEY: "test",
            AWS_ENDPOINT_URL_RDS: `http://127.0.0.1:${port}`,
          }),
        });
        let stderr = "";
        child.stderr.on("data", (d) => {
          stderr += d;
        });
        const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
        await once(rds, "connection");
        program = probesIn(stderr).find((p) => p.execArgv.length > 0)?.pid;
        expect(program, stderr).toBeDefined();
        child.kill("SIGTERM");
        const [code, signal] = await exited;
        expect({ code, signal }, stderr).toEqual({ code: null, signal: "SIGTERM" });
        // The launcher waits for the program, or is it: by the time it is gone, so is the program.
        expect(isRunning(program as number)).toBe(false);
      } finally {
        if (program !== undefined && isRunning(program)) process.kill(program, "SIGKILL");
        for (const socket of sockets) socket.destroy();
        rds.close();
      }
    },
  );
});
