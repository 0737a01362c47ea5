import { describe, expect, it } from "vitest";
import type { ArchiveTarget } from "../../config/parse-config.js";
import { ArchiverError } from "../../errors.js";
import { emptyInstanceState, type InstanceState } from "./instance-state.js";
import { selectGoneCandidates } from "./select-gone-candidates.js";

const target = (fields: Partial<ArchiveTarget>): ArchiveTarget => ({
  region: "us-east-1",
  clusters: [],
  instances: [],
  all: false,
  engines: [],
  tags: {},
  logTypes: [],
  ...fields,
});
const awaiting = (instance: string, fields: Partial<InstanceState> = {}): InstanceState => ({
  ...emptyInstanceState("us-east-1", instance),
  pending: [{ name: "error/postgresql.log.2026-11-20-12", size: 7, lastWritten: 0 }],
  ...fields,
});
const select = (input: Partial<Parameters<typeof selectGoneCandidates>[0]>) =>
  selectGoneCandidates({
    region: "us-east-1",
    targets: [],
    states: [],
    seen: { instances: [], failures: [] },
    onlyInstances: undefined,
    ...input,
  }).map((c) => [c.state.instance, c.confirm]);

describe("selectGoneCandidates", () => {
  it("answers for a cluster member no longer listed (asking RDS), and any instance of an all-region target", () => {
    const states = [awaiting("reader-2", { cluster: "orders" }), awaiting("other", { cluster: "billing" })];
    expect(select({ targets: [target({ clusters: ["orders"] })], states })).toEqual([["reader-2", "ask"]]);
    expect(select({ targets: [target({ all: true })], states })).toEqual([
      ["reader-2", "listed"],
      ["other", "listed"],
    ]);
  });

  it("takes RDS's not-found for a named instance as its word", () => {
    const failure = {
      region: "us-east-1",
      instance: "gone-1",
      error: new ArchiverError("DB_INSTANCE_NOT_FOUND", "not found"),
    };
    expect(
      select({
        targets: [target({ instances: ["gone-1"] })],
        states: [awaiting("gone-1")],
        seen: { instances: [], failures: [failure] },
      }),
    ).toEqual([["gone-1", "listed"]]);
  });

  it("answers for nothing in a region whose listing failed, nothing still listed, nothing outside its shard or engines", () => {
    const states = [awaiting("a", { engine: "mysql" }), awaiting("b", { engine: "postgres" })];
    const all = [target({ all: true })];
    const throttled = { region: "us-east-1", error: new ArchiverError("THROTTLED", "throttled") };
    expect(select({ targets: all, states, seen: { instances: [], failures: [throttled] } })).toEqual([]);
    const listed = { region: "us-east-1", instance: "a", engine: "mysql" };
    expect(select({ targets: all, states, seen: { instances: [listed], failures: [] } })).toEqual([
      ["b", "listed"],
    ]);
    expect(select({ targets: all, states, onlyInstances: [{ instance: "a" }] })).toEqual([["a", "listed"]]);
    expect(select({ targets: [target({ all: true, engines: ["postgres"] })], states })).toEqual([
      ["b", "listed"],
    ]);
  });

  it("needs no word on a gone instance that awaits nothing", () => {
    expect(select({ targets: [target({ all: true })], states: [awaiting("a", { pending: [] })] })).toEqual(
      [],
    );
  });
});
