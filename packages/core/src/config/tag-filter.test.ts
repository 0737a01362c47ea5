import { describe, expect, it } from "vitest";
import { describeConfigIssuePath } from "./load-config.js";
import { mergeConfigSources } from "./merge-config-sources.js";
import { type ConfigIssue, parseConfig } from "./parse-config.js";
import { matchesTags, renderTagFilter } from "./tag-filter.js";

const now = new Date("2026-11-22T12:00:00.000Z");
const destination = { dir: "/archive" };

/** The parsed tags of a target that selects all instances with `tags`. */
function tagsOf(tags: unknown) {
  const result = parseConfig({ targets: [{ region: "us-east-1", all: true, tags }], destination }, now);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config.targets[0]?.tags;
}

function issuesOf(tags: unknown, selection: Record<string, unknown> = { all: true }): ConfigIssue[] {
  const result = parseConfig({ targets: [{ region: "us-east-1", ...selection, tags }], destination }, now);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.issues;
}

describe("targets[].tags", () => {
  it("takes a map from a config file, and key=value items from a surface, as one map", () => {
    expect(tagsOf({ team: "payments", env: "prod" })).toEqual({ team: "payments", env: "prod" });
    expect(tagsOf(["team=payments", "env=prod"])).toEqual({ team: "payments", env: "prod" });
    expect(tagsOf("team=payments, env=prod\ncost-center=42")).toEqual({
      team: "payments",
      env: "prod",
      "cost-center": "42",
    });
    // The first = ends the key; an empty value is a tag whose value is empty, as RDS allows.
    expect(tagsOf(["expr=a=b", "flag="])).toEqual({ expr: "a=b", flag: "" });
  });

  it("is empty, a filter of nothing, when left out", () => {
    const result = parseConfig({ targets: [{ region: "us-east-1", all: true }], destination }, now);
    expect(result.ok && result.config.targets[0]?.tags).toEqual({});
  });

  it("names a tag without =, an empty key, a bad character and a key given two values, each at tags", () => {
    const issues = issuesOf(["team", "=payments", "env=prod;drop", "env=prod", "env=dev"]);
    expect(issues.map((issue) => issue.path.join("."))).toEqual(Array(4).fill("targets.0.tags"));
    expect(issues.map((issue) => issue.message)).toEqual([
      '"team" is not key=value: write the tag as key=value, e.g. team=payments',
      'tag "=payments" has an empty key: write key=value, e.g. team=payments',
      "the value of tag env may hold only letters, digits, spaces and _ . : / = + - @ (RDS's tag rules)",
      "tag env is given twice (prod, dev): an instance has one value per key",
    ]);
  });

  it("asks for quotes around a value YAML read as a number, and rejects a key over 128 characters", () => {
    expect(issuesOf({ version: 2 })[0]?.message).toBe(
      'a tag value must be a string: quote it (version: "2")',
    );
    expect(issuesOf({ ["k".repeat(129)]: "v" })[0]?.message).toMatch(/longer than 128 characters/);
  });

  it("narrows a selection and is none itself: tags alone select nothing, and say so", () => {
    expect(issuesOf({ team: "payments" }, {})).toEqual([
      {
        path: ["targets", 0],
        message:
          "select databases: tags narrow a selection, so give clusters, instances, or all: true with them",
      },
    ]);
  });

  it("is named --tag when the flag gave it: a surface's key=value list merges over the file's tags", () => {
    const file = { targets: [{ region: "eu-west-1", all: true, tags: { team: "orders" } }], destination };
    const merged = mergeConfigSources({ "targets[].tags": ["team"] }, file, undefined);
    expect(merged.input.targets).toEqual([{ region: "eu-west-1", all: true, tags: ["team"] }]);
    const result = parseConfig(merged.input, now);
    if (result.ok) throw new Error("expected the config to be rejected");
    const names = { "targets.tags": "--tag" };
    expect(
      result.issues.map((issue) =>
        describeConfigIssuePath(issue.path, { names, overridden: merged.overridden, configFile: "c.yml" }),
      ),
    ).toEqual(["--tag"]);
  });
});

describe("matchesTags", () => {
  it("needs every tag, with its exact value and key case", () => {
    const filter = { team: "payments", env: "prod" };
    expect(matchesTags({ team: "payments", env: "prod", owner: "x" }, filter)).toBe(true);
    expect(matchesTags({ team: "payments" }, filter)).toBe(false);
    expect(matchesTags({ Team: "payments", env: "prod" }, filter)).toBe(false);
    expect(matchesTags(undefined, filter)).toBe(false);
    expect(matchesTags(undefined, {})).toBe(true);
    expect(renderTagFilter(filter)).toBe("team=payments, env=prod");
  });
});
