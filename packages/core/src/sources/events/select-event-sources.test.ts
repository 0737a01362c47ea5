import { describe, expect, it } from "vitest";
import { archivedEvent, REGION } from "../../../test/support/event-builders.js";
import type { ArchiveTarget } from "../../config/parse-config.js";
import type { DiscoveredInstance } from "../../rds/list-targets.js";
import {
  placeEvent,
  type SnapshotOwners,
  selectEventSources,
  selectSnapshotLookups,
} from "./select-event-sources.js";

const target = (fields: Partial<ArchiveTarget>): ArchiveTarget => ({
  region: REGION,
  clusters: [],
  instances: [],
  all: false,
  engines: [],
  tags: {},
  logTypes: [],
  ...fields,
});
const instance = (id: string, cluster?: string, engine = "aurora-postgresql"): DiscoveredInstance => ({
  region: REGION,
  instance: id,
  engine,
  ...(cluster === undefined ? {} : { cluster }),
});
const fleet = [
  instance("orders-1", "orders"),
  instance("orders-2", "orders"),
  instance("billing-1", "billing"),
];
const snapshots: SnapshotOwners = {
  // A manual snapshot of billing whose name starts like an automated one of orders.
  clusterSnapshots: new Map([
    ["rds:orders-2026-11-20-03-10", "orders"],
    ["rds:orders-2026-11-20-03-10-copy", "billing"],
  ]),
  dbSnapshots: new Map([["before-upgrade", "legacy"]]),
};
const at = "2026-11-20T03:10:00Z";

describe("selectEventSources and placeEvent", () => {
  it("takes a cluster's own events, its members' and its snapshots', attributed by the snapshot listing", () => {
    const selection = selectEventSources(
      target({ clusters: ["orders"] }),
      REGION,
      fleet.filter((i) => i.cluster === "orders"),
      [],
      false,
    );
    expect(selection.owners).toEqual(["cluster:orders"]);
    const place = (type: string, id: string) => placeEvent(archivedEvent(type, id, at), selection, snapshots);
    expect(place("db-cluster", "orders")).toEqual({
      folder: "orders",
      instance: "orders",
      cluster: "orders",
      engine: "aurora-postgresql",
      owner: "cluster:orders",
    });
    expect(place("db-instance", "orders-2")).toMatchObject({
      folder: "orders",
      instance: "orders-2",
      owner: "cluster:orders",
    });
    expect(place("db-cluster-snapshot", "rds:orders-2026-11-20-03-10")).toMatchObject({
      folder: "orders",
      instance: "orders",
    });
    // Never by its name: this snapshot belongs to billing.
    expect(place("db-cluster-snapshot", "rds:orders-2026-11-20-03-10-copy")).toBeUndefined();
    expect(place("db-cluster-snapshot", "deleted-since")).toBeUndefined();
    expect(place("db-cluster", "billing")).toBeUndefined();
    expect(place("db-instance", "billing-1")).toBeUndefined();
    expect(place("db-parameter-group", "default.aurora-postgresql16")).toBeUndefined();
  });

  it("matches identifiers whatever their case", () => {
    const selection = selectEventSources(
      target({ clusters: ["Orders"] }),
      REGION,
      fleet.slice(0, 2),
      [],
      false,
    );
    expect(placeEvent(archivedEvent("db-cluster", "orders", at), selection, snapshots)).toBeDefined();
    expect(placeEvent(archivedEvent("db-instance", "ORDERS-1", at), selection, snapshots)).toBeDefined();
  });

  it("takes an instance's own events and its DB snapshots', in its cluster's folder when it has one", () => {
    const selection = selectEventSources(
      target({ instances: ["legacy", "billing-1"] }),
      REGION,
      [instance("legacy", undefined, "mysql"), fleet[2] as DiscoveredInstance],
      [],
      false,
    );
    expect(selection.owners).toEqual(["instance:billing-1", "instance:legacy"]);
    expect(placeEvent(archivedEvent("db-snapshot", "before-upgrade", at), selection, snapshots)).toEqual({
      folder: "legacy",
      instance: "legacy",
      engine: "mysql",
      owner: "instance:legacy",
    });
    expect(placeEvent(archivedEvent("db-instance", "billing-1", at), selection, snapshots)).toMatchObject({
      folder: "billing",
      instance: "billing-1",
      owner: "instance:billing-1",
    });
    // The instance was selected, not its cluster.
    expect(placeEvent(archivedEvent("db-cluster", "billing", at), selection, snapshots)).toBeUndefined();
  });

  it("takes the whole region with all, placing a source that is no cluster or instance under _<SourceType>", () => {
    const selection = selectEventSources(target({ all: true }), REGION, fleet, [], false);
    expect(selection).toMatchObject({ wholeRegion: true, owners: ["region"] });
    expect(placeEvent(archivedEvent("db-parameter-group", "custom-pg", at), selection, snapshots)).toEqual({
      folder: "_db-parameter-group",
      instance: "custom-pg",
      engine: "",
      owner: "region",
    });
    expect(placeEvent(archivedEvent("db-instance", "orders-1", at), selection, snapshots)).toMatchObject({
      folder: "orders",
      owner: "region",
    });
    expect(placeEvent(archivedEvent("db-cluster-snapshot", "gone", at), selection, snapshots)).toMatchObject({
      folder: "_db-cluster-snapshot",
      instance: "gone",
    });
  });

  it("is not the whole region when engines or onlyInstances narrow all", () => {
    const byEngine = selectEventSources(
      target({ all: true, engines: ["aurora-postgresql"] }),
      REGION,
      fleet,
      [],
      false,
    );
    expect(byEngine.wholeRegion).toBe(false);
    expect(byEngine.owners).toEqual(["cluster:billing", "cluster:orders"]);
    expect(placeEvent(archivedEvent("db-parameter-group", "pg", at), byEngine, snapshots)).toBeUndefined();
    expect(selectEventSources(target({ all: true }), REGION, fleet, [], true).wholeRegion).toBe(false);
  });

  it("is not the whole region with tags, and leaves out a named cluster none of whose members carries them", () => {
    // Discovery has already narrowed the instances to the tagged one.
    const tagged = [instance("orders-1", "orders")];
    const byTag = selectEventSources(
      target({ all: true, tags: { team: "payments" } }),
      REGION,
      tagged,
      [],
      false,
    );
    expect(byTag.wholeRegion).toBe(false);
    expect(byTag.owners).toEqual(["cluster:orders"]);
    expect(placeEvent(archivedEvent("db-parameter-group", "pg", at), byTag, snapshots)).toBeUndefined();
    const named = selectEventSources(
      target({ clusters: ["orders", "billing"], tags: { team: "payments" } }),
      REGION,
      tagged,
      [],
      false,
    );
    expect(named.owners).toEqual(["cluster:orders"]);
  });

  it("leaves out a cluster discovery could not resolve", () => {
    const failure = { region: REGION, cluster: "gone", error: new Error("x") as never };
    const selection = selectEventSources(
      target({ clusters: ["gone", "orders"] }),
      REGION,
      fleet.slice(0, 2),
      [failure],
      false,
    );
    expect(selection.owners).toEqual(["cluster:orders"]);
  });

  it("asks for snapshot owners only when snapshot events were listed", () => {
    const selection = selectEventSources(
      target({ clusters: ["orders"], instances: ["legacy"] }),
      REGION,
      [...fleet.slice(0, 2), instance("legacy", undefined, "mysql")],
      [],
      false,
    );
    expect(selectSnapshotLookups(selection, [archivedEvent("db-instance", "orders-1", at)])).toEqual({
      clusters: [],
      instances: [],
    });
    const events = [archivedEvent("db-cluster-snapshot", "s", at), archivedEvent("db-snapshot", "t", at)];
    expect(selectSnapshotLookups(selection, events)).toEqual({ clusters: ["orders"], instances: ["legacy"] });
    const region = selectEventSources(target({ all: true }), REGION, fleet, [], false);
    expect(selectSnapshotLookups(region, events)).toEqual({ clusters: "all", instances: "all" });
  });
});
