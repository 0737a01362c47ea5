/**
 * How a shard names its instances: `REGION/INSTANCE` (`us-east-1/orders-1`), or a bare `INSTANCE`
 * that matches in any target region. The region is part of the name because the same instance id
 * can exist in two regions; it is also the engine's own identity for an instance (its state lives
 * at `{prefix}_state/{region}/{instance}.json`). A plain string, so that a workflow can pass it
 * from a matrix entry into a flag or an action input unchanged.
 */

/** One instance named by `onlyInstances` (the CLI's `--only-instances`). */
export interface InstanceRef {
  /** Absent: the instance id matches in any region. */
  region?: string;
  instance: string;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
// RDS instance ids are letters, digits and hyphens, at most 63 characters.
const INSTANCE = /^[A-Za-z0-9-]{1,63}$/;

/** Reads `us-east-1/orders-1` or `orders-1`; throws an Error whose message is the problem. */
export function parseInstanceRef(text: string): InstanceRef {
  const trimmed = text.trim();
  const slash = trimmed.indexOf("/");
  const region = slash === -1 ? undefined : trimmed.slice(0, slash);
  const instance = slash === -1 ? trimmed : trimmed.slice(slash + 1);
  if ((region !== undefined && !REGION.test(region)) || !INSTANCE.test(instance)) {
    throw new Error(`"${text}" is not REGION/INSTANCE or INSTANCE (for example us-east-1/orders-1)`);
  }
  return region === undefined ? { instance } : { region, instance };
}

/** The text form {@link parseInstanceRef} reads. */
export function renderInstanceRef(ref: InstanceRef): string {
  return ref.region === undefined ? ref.instance : `${ref.region}/${ref.instance}`;
}

/** True when `ref` names this instance. RDS ids are case-insensitive (RDS lists them lowercase). */
export function matchesInstanceRef(ref: InstanceRef, found: { region: string; instance: string }): boolean {
  return (
    (ref.region === undefined || ref.region === found.region) &&
    ref.instance.toLowerCase() === found.instance.toLowerCase()
  );
}
