/**
 * Runs the committed bundle the way the GitHub runner does: `node launch.cjs` under Node 24,
 * inputs as `INPUT_<NAME>` variables (hyphens kept, as the runner sets them), and the file
 * commands GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. Nothing of this process's environment leaks in
 * but PATH: credentials come only from what a test passes.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** action.yml's `runs.main`: it starts node again to run dist/index.js. */
export const ACTION_ENTRY = fileURLToPath(new URL("../../launch.cjs", import.meta.url));
/**
 * Node 24, as `runs.using: node24` runs the bundle: the Node running the tests when it is 24, else
 * the one `npm test` fetched from the npm registry (`scripts/fetch-node.sh 24`).
 */
export const NODE_24 = process.versions.node.startsWith("24.")
  ? process.execPath
  : fileURLToPath(new URL("../../../../node_modules/.cache/node-24/bin/node", import.meta.url));

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** RUNNER_TEMP of this run. */
  runnerTemp: string;
}

export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string | undefined>,
): Promise<ActionRun> {
  const runnerTemp = await mkdtemp(path.join(tmpdir(), "runner-temp-"));
  const outputFile = path.join(runnerTemp, "github-output");
  const summaryFile = path.join(runnerTemp, "step-summary");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const child = spawn(NODE_24, [ACTION_ENTRY], {
    env: {
      PATH: process.env.PATH ?? "",
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_REPOSITORY: "octo-org/octo-repo",
      GITHUB_RUN_ID: "4242",
      ...Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
      ),
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const [code] = (await once(child, "exit")) as [number];
  return {
    code,
    stdout,
    stderr,
    outputs: parseFileCommand(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
    runnerTemp,
  };
}

/** `name<<DELIMITER\nvalue\nDELIMITER\n`, as @actions/core writes GITHUB_OUTPUT. */
function parseFileCommand(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm;
  for (const match of text.matchAll(pattern)) values[match[1] as string] = match[3] as string;
  return values;
}

/** The values the run masked with `::add-mask::`. */
export function maskedValues(stdout: string): string[] {
  return [...stdout.matchAll(/^::add-mask::(.+)$/gm)].map((match) => match[1] as string);
}
