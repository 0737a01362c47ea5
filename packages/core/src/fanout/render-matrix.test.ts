import { describe, expect, it } from "vitest";
import type { WorkloadInstance } from "./list-workload.js";
import { planShards } from "./plan-shards.js";
import { renderMatrix } from "./render-matrix.js";

const role = "arn:aws:iam::111122223333:role/rds-log-reader";
const fleet: WorkloadInstance[] = [
  {
    region: "us-east-1",
    instance: "orders-1",
    cluster: "orders",
    engine: "aurora-postgresql",
    bytes: 900,
    files: 3,
  },
  {
    region: "us-east-1",
    instance: "orders-2",
    cluster: "orders",
    engine: "aurora-postgresql",
    bytes: 100,
    files: 1,
  },
  { region: "eu-west-1", instance: "orders-1", engine: "mysql", roleArn: role, bytes: 500, files: 2 },
  { region: "eu-west-1", instance: "billing", engine: "mysql", roleArn: role, bytes: 300, files: 4 },
];

describe("renderMatrix", () => {
  it("gives each shard its instances as one region-qualified string, with counts and their targets", () => {
    const matrix = renderMatrix(planShards(fleet, 2));
    expect(matrix).toEqual({
      include: [
        {
          shard: 1,
          shards: 2,
          instances: "us-east-1/orders-1",
          instanceCount: 1,
          files: 3,
          bytes: 900,
          regions: "us-east-1",
          targets: [{ region: "us-east-1", instances: ["orders-1"] }],
        },
        {
          shard: 2,
          shards: 2,
          instances: "eu-west-1/billing,eu-west-1/orders-1,us-east-1/orders-2",
          instanceCount: 3,
          files: 7,
          bytes: 900,
          regions: "eu-west-1,us-east-1",
          targets: [
            { region: "eu-west-1", roleArn: role, instances: ["billing", "orders-1"] },
            { region: "us-east-1", instances: ["orders-2"] },
          ],
        },
      ],
    });
    // Every value a workflow passes on is a plain string or number.
    for (const entry of matrix.include) expect(typeof entry.instances).toBe("string");
  });

  it("renders an empty fleet as an empty include list", () => {
    expect(renderMatrix(planShards([], 4))).toEqual({ include: [] });
  });
});
