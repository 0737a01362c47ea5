import { describe, expect, it } from "vitest";
import { describeConfigIssuePath } from "./load-config.js";
import { mergeConfigSources } from "./merge-config-sources.js";
import { parseConfig } from "./parse-config.js";

const ROLE = "arn:aws:iam::123456789012:role/rds-log-reader";
const fileConfig = {
  targets: [{ region: "eu-west-1", roleArn: ROLE, clusters: ["orders"], engines: ["postgres"] }],
  destination: { dir: "/archive" },
};

describe("mergeConfigSources", () => {
  it("keeps the file's region, role and engines when the overrides select other databases", () => {
    const { input, overridden } = mergeConfigSources(
      { "targets[].instances": ["billing"] },
      fileConfig,
      undefined,
    );
    expect(input.targets).toEqual([
      { region: "eu-west-1", roleArn: ROLE, engines: ["postgres"], instances: ["billing"] },
    ]);
    expect([...overridden]).toEqual(["targets.instances"]);
  });

  it("lets the overrides' region and engines win for the databases they select, and marks them as theirs", () => {
    const { input, overridden } = mergeConfigSources(
      { "targets[].instances": ["billing"], "targets[].region": "us-east-1", "targets[].engines": ["mysql"] },
      fileConfig,
      undefined,
    );
    expect(input.targets).toEqual([
      { region: "us-east-1", roleArn: ROLE, engines: ["mysql"], instances: ["billing"] },
    ]);
    expect(overridden).toEqual(new Set(["targets.region", "targets.instances", "targets.engines"]));
  });

  it("never replaces a region a file target states: an override region and the SDK's only fill in", () => {
    const file = {
      targets: [
        { region: "eu-west-1", clusters: ["orders"] },
        { region: "ap-northeast-1", all: true },
        { instances: ["legacy"] },
      ],
      destination: { dir: "/archive" },
    };
    const regions = (overrides: Parameters<typeof mergeConfigSources>[0], sdk: string | undefined) =>
      (mergeConfigSources(overrides, file, sdk).input.targets as { region?: string }[]).map((t) => t.region);
    expect(regions({ "targets[].region": "us-west-2" }, "us-east-1")).toEqual([
      "eu-west-1",
      "ap-northeast-1",
      "us-west-2",
    ]);
    expect(regions({}, "us-east-1")).toEqual(["eu-west-1", "ap-northeast-1", "us-east-1"]);
    expect(regions({}, undefined)).toEqual(["eu-west-1", "ap-northeast-1", undefined]);
  });

  it("applies every other target override to each file target, and top-level and destination ones by path", () => {
    const { input, overridden } = mergeConfigSources(
      {
        "targets[].logTypes": ["audit/*"],
        "destination.sse": "AES256",
        settle: "10m",
        "targets[].all": false,
      },
      { ...fileConfig, targets: [fileConfig.targets[0], { region: "us-east-1", all: true }] },
      undefined,
    );
    expect(input.targets).toEqual([
      { ...fileConfig.targets[0], logTypes: ["audit/*"] },
      { region: "us-east-1", all: true, logTypes: ["audit/*"] },
    ]);
    expect(input.destination).toEqual({ dir: "/archive", sse: "AES256" });
    expect(input.settle).toBe("10m");
    expect(overridden).toEqual(new Set(["targets.logTypes", "destination.sse", "settle"]));
  });

  it("names a bad value by the file when the file gave it, and by the override when it did", () => {
    const names = { "targets.engines": "--engine", "targets.instances": "--instance" };
    const describeIssues = (overrides: Parameters<typeof mergeConfigSources>[0]) => {
      const file = { ...fileConfig, targets: [{ ...fileConfig.targets[0], engines: [""] }] };
      const { input, overridden } = mergeConfigSources(overrides, file, undefined);
      const parsed = parseConfig(input, new Date());
      if (parsed.ok) throw new Error("expected an issue");
      return parsed.issues.map((issue) =>
        describeConfigIssuePath(issue.path, { names, overridden, configFile: "archive.yml" }),
      );
    };
    expect(describeIssues({ "targets[].instances": ["billing"] })).toEqual([
      "targets[0].engines[0] in archive.yml",
    ]);
    expect(describeIssues({ "targets[].instances": [""] })).toEqual([
      "--instance",
      "targets[0].engines[0] in archive.yml",
    ]);
  });
});
