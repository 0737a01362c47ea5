import { describe, expect, it } from "vitest";
import { createMemoryRds } from "../../test/support/memory-rds-port.js";
import { listTargets, type TargetSelector } from "./list-targets.js";
import type { RdsInstanceRecord } from "./rds-port.js";

const select = (selector: Partial<TargetSelector>): TargetSelector => ({
  clusters: [],
  instances: [],
  all: false,
  engines: [],
  ...selector,
});

/** A fleet in which the payments team's instances are tagged, and one cluster is tagged but not its members. */
function fleet() {
  const rds = createMemoryRds();
  const instances: RdsInstanceRecord[] = [
    { id: "pay-1", engine: "aurora-postgresql", cluster: "pay", tags: { team: "payments", env: "prod" } },
    { id: "pay-2", engine: "aurora-postgresql", cluster: "pay", tags: { team: "payments", env: "dev" } },
    { id: "pay-3", engine: "aurora-postgresql", cluster: "pay" },
    { id: "ledger", engine: "postgres", tags: { team: "payments", env: "prod" } },
    { id: "shop", engine: "mariadb", tags: { team: "shop", env: "prod" } },
    { id: "orders-1", engine: "aurora-mysql", cluster: "orders" },
  ];
  for (const instance of instances) rds.instances.set(instance.id, instance);
  rds.clusters.set("pay", { id: "pay", engine: "aurora-postgresql", members: ["pay-1", "pay-2", "pay-3"] });
  rds.clusters.set("orders", { id: "orders", engine: "aurora-mysql", members: ["orders-1"] });
  return rds;
}

const ids = (found: { instances: { instance: string }[] }) => found.instances.map((i) => i.instance);

describe("listTargets with tags", () => {
  it("narrows all to the instances that carry the tag", async () => {
    const rds = fleet();
    expect(ids(await listTargets(rds, select({ all: true, tags: { team: "payments" } })))).toEqual([
      "ledger",
      "pay-1",
      "pay-2",
    ]);
  });

  it("needs every tag: two tags AND", async () => {
    const rds = fleet();
    const tags = { team: "payments", env: "prod" };
    expect(ids(await listTargets(rds, select({ all: true, tags })))).toEqual(["ledger", "pay-1"]);
  });

  it("narrows a cluster to its tagged members, listed in one call for the cluster", async () => {
    const rds = fleet();
    const found = await listTargets(rds, select({ clusters: ["pay", "orders"], tags: { env: "prod" } }));
    expect(found.instances).toEqual([
      { region: "us-east-1", instance: "pay-1", engine: "aurora-postgresql", cluster: "pay" },
    ]);
    expect(found.failures).toEqual([]);
    expect(rds.calls).toEqual({ listClusters: 2, listInstances: 2 });
  });

  it("leaves out a named instance without the tag, and keeps engines narrowing too", async () => {
    const rds = fleet();
    const tags = { env: "prod" };
    expect(ids(await listTargets(rds, select({ instances: ["ledger", "shop"], tags })))).toEqual([
      "ledger",
      "shop",
    ]);
    expect(
      ids(await listTargets(rds, select({ instances: ["ledger", "shop"], tags: { team: "shop" } }))),
    ).toEqual(["shop"]);
    expect(ids(await listTargets(rds, select({ all: true, engines: ["postgres"], tags })))).toEqual([
      "ledger",
    ]);
  });

  it("without tags, expands a cluster from DescribeDBClusters alone, as before", async () => {
    const rds = fleet();
    expect(ids(await listTargets(rds, select({ clusters: ["pay"], tags: {} })))).toEqual([
      "pay-1",
      "pay-2",
      "pay-3",
    ]);
    expect(rds.calls).toEqual({ listClusters: 1 });
  });
});
