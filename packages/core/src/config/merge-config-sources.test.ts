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
    const { input, overridden } = mergeConfigSources({ instances: ["billing"] }, fileConfig, {});
    expect(input.targets).toEqual([
      { region: "eu-west-1", roleArn: ROLE, engines: ["postgres"], instances: ["billing"] },
    ]);
    expect([...overridden]).toEqual(["targets.instances"]);
  });

  it("lets the overrides' region and engines win, and marks them as theirs", () => {
    const { input, overridden } = mergeConfigSources(
      { instances: ["billing"], region: "us-east-1", engines: ["mysql"] },
      fileConfig,
      {},
    );
    expect(input.targets).toEqual([
      { region: "us-east-1", roleArn: ROLE, engines: ["mysql"], instances: ["billing"] },
    ]);
    expect(overridden).toEqual(new Set(["targets.region", "targets.instances", "targets.engines"]));
  });

  it("names a bad value by the file when the file gave it, and by the override when it did", () => {
    const names = { "targets.engines": "--engine", "targets.instances": "--instance" };
    const describeIssues = (overrides: Parameters<typeof mergeConfigSources>[0]) => {
      const file = { ...fileConfig, targets: [{ ...fileConfig.targets[0], engines: [""] }] };
      const { input, overridden } = mergeConfigSources(overrides, file, {});
      const parsed = parseConfig(input, new Date());
      if (parsed.ok) throw new Error("expected an issue");
      return parsed.issues.map((issue) =>
        describeConfigIssuePath(issue.path, { names, overridden, configFile: "archive.yml" }),
      );
    };
    expect(describeIssues({ instances: ["billing"] })).toEqual(["targets[0].engines[0] in archive.yml"]);
    expect(describeIssues({ instances: [""] })).toEqual([
      "--instance",
      "targets[0].engines[0] in archive.yml",
    ]);
  });
});
