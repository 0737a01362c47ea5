import { accessSync, constants } from "node:fs";

/**
 * Whether the paths a real-service test needs are installed. Under CI=true a missing one is an
 * error, never a skip; on a developer machine the test is skipped with the reason.
 */
export function serviceAvailability(
  name: string,
  paths: readonly string[],
): { available: boolean; reason: string } {
  const missing = paths.filter((installedPath) => !isInstalled(installedPath));
  if (missing.length === 0) return { available: true, reason: "" };
  const reason = `${name} needs ${missing.join(", ")}; run \`bash scripts/ensure-system-packages.sh\` as root`;
  if (process.env.CI === "true") throw new Error(`CI=true and ${reason}`);
  return { available: false, reason };
}

function isInstalled(installedPath: string): boolean {
  try {
    accessSync(installedPath, constants.F_OK);
    return true;
  } catch {
    return false;
  }
}
