import { describe, expect, it } from "vitest";
import { selectByLogTypes } from "../sources/log-files/select-by-log-types.js";
import { logTypeGlobProblem } from "./log-type-glob.js";
import { parseListText } from "./schema-inputs.js";

const NAMES = [
  "error/postgresql.log.2026-11-20-09",
  "error/postgresql.log.2026-11-20-10",
  "error/postgresql.log.2026-11-20-11",
  "audit/server_audit.log.1",
  "slowquery/mysql slow query.log",
  "trace/deep/alert_orcl.log",
];
const selected = (...globs: string[]) => NAMES.filter(selectByLogTypes(globs));

describe("selectByLogTypes", () => {
  it("takes classes and braces as globs, not literally", () => {
    expect(selected("postgresql.log.2026-11-20-1[01]")).toEqual(NAMES.slice(1, 3));
    expect(selected("error/postgresql.log.2026-11-20-{09,11}")).toEqual([NAMES[0], NAMES[2]]);
  });

  it("keeps * within a folder and lets ** cross them; a glob without / also tries the base name", () => {
    expect(selected("audit/*")).toEqual([NAMES[3]]);
    expect(selected("trace/*")).toEqual([]);
    expect(selected("trace/**")).toEqual([NAMES[5]]);
    expect(selected("mysql slow*")).toEqual([NAMES[4]]);
    expect(selected("?rror/*")).toEqual(NAMES.slice(0, 3));
  });

  it("selects everything with no glob, and what any glob selects with several", () => {
    expect(selected()).toEqual(NAMES);
    expect(selected("audit/*", "alert_*")).toEqual([NAMES[3], NAMES[5]]);
  });

  it("reads a leading ! literally: the globs are alternatives", () => {
    expect(selected("!audit/*")).toEqual([]);
  });
});

describe("logTypeGlobProblem", () => {
  it("names unbalanced brackets and braces, and accepts the rest", () => {
    expect(logTypeGlobProblem("[")).toMatch(/^"\[" is not a glob: Missing closing: "\]"/);
    expect(logTypeGlobProblem("audit]")).toMatch(/is not a glob/);
    expect(logTypeGlobProblem("error/{a")).toMatch(/is not a glob/);
    for (const glob of ["audit/*", "**", "x.{10,11}", "x.[0-9]", "@(a|b).log"])
      expect(logTypeGlobProblem(glob), glob).toBeUndefined();
  });
});

describe("parseListText", () => {
  it("splits on commas outside braces and brackets, trims and drops blanks", () => {
    expect(parseListText(" a, b,,c ")).toEqual(["a", "b", "c"]);
    expect(parseListText("x.{10,11},audit/*")).toEqual(["x.{10,11}", "audit/*"]);
    expect(parseListText("a\nb,c")).toEqual(["a\nb", "c"]);
    expect(parseListText("a\nb,c", { newlines: true })).toEqual(["a", "b", "c"]);
  });
});
