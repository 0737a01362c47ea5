/**
 * The setup of a throwaway single-node Swift with s3api: ports, config files (rendered by pure
 * functions), rings and ownership: one process per server (`workers = 0`), one device, one
 * replica, tempauth and memcached (tempauth needs the `cache` middleware: without memcached every
 * S3 call fails with 500 "swift.cache could not be found in env!").
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { findFreePort } from "./free-port.js";

const runFile = promisify(execFile);

/** The three storage servers; each needs its own ring and config file. */
export const SWIFT_STORAGE_SERVERS = ["account", "container", "object"] as const;
export type SwiftStorageServer = (typeof SWIFT_STORAGE_SERVERS)[number];

/** The one device directory under `devices`; ring entries and the filesystem must agree on it. */
export const SWIFT_DEVICE = "sdb1";

/** Where everything lives and which ports each server binds. */
export interface SwiftLayout {
  /** holds the rings and the `*-server.conf` files */
  readonly configDir: string;
  /** holds the device directory */
  readonly devicesDir: string;
  /** the user Swift drops privileges to after binding */
  readonly user: string;
  /** the user memcached drops to; needed only when we run as root */
  readonly memcachedUser: string | undefined;
  readonly ports: Readonly<Record<SwiftStorageServer | "proxy" | "memcached", number>>;
  /** tempauth users, each the admin of its own account; the S3 access key is `account:user` */
  readonly tempauth: readonly TempauthUser[];
}

export interface TempauthUser {
  readonly account: string;
  readonly user: string;
  readonly key: string;
}

/**
 * Picks free ports and the users to run as, writes every server's config, creates the device
 * directory and builds the three rings with swift-ring-builder, all inside `dir`.
 */
export async function writeSwiftConfig(dir: string, tempauth: SwiftLayout["tempauth"]): Promise<SwiftLayout> {
  const root = process.getuid?.() === 0;
  const layout: SwiftLayout = {
    configDir: join(dir, "etc"),
    devicesDir: join(dir, "srv"),
    // Swift drops privileges after binding; as root it becomes `swift`, otherwise it stays who we are.
    user: root ? "swift" : userInfo().username,
    memcachedUser: root ? "memcache" : undefined,
    ports: await allocatePorts(),
    tempauth,
  };
  await mkdir(layout.configDir, { recursive: true });
  await mkdir(join(layout.devicesDir, SWIFT_DEVICE), { recursive: true });
  await writeFile(join(layout.configDir, "proxy-server.conf"), renderProxyConfig(layout));
  // Each ring-builder call is a Python start-up (~0.5 s), so the three rings are built side by side.
  await Promise.all(
    SWIFT_STORAGE_SERVERS.map(async (server) => {
      await writeFile(
        join(layout.configDir, `${server}-server.conf`),
        renderStorageServerConfig(layout, server),
      );
      for (const args of planRingBuilderCommands(layout, server)) await runFile("swift-ring-builder", args);
    }),
  );
  // The servers write object data and lock files as the user they drop to.
  if (root) await runFile("chown", ["-R", `${layout.user}:`, dir]);
  return layout;
}

async function allocatePorts(): Promise<SwiftLayout["ports"]> {
  const taken = new Set<number>();
  // findFreePort closes its probe socket, so two calls can hand out the same port.
  const fresh = async (): Promise<number> => {
    let port = await findFreePort();
    while (taken.has(port)) port = await findFreePort();
    taken.add(port);
    return port;
  };
  return {
    memcached: await fresh(),
    account: await fresh(),
    container: await fresh(),
    object: await fresh(),
    proxy: await fresh(),
  };
}

/** memcached's argv: loopback only, TCP only (no UDP amplification), small cache. */
export function renderMemcachedArgs(layout: SwiftLayout): string[] {
  const args = ["-l", "127.0.0.1", "-p", String(layout.ports.memcached), "-U", "0", "-m", "64"];
  // memcached refuses to run as root unless told whom to become.
  return layout.memcachedUser === undefined ? args : [...args, "-u", layout.memcachedUser];
}

/** Config for the account, container or object server. */
export function renderStorageServerConfig(layout: SwiftLayout, server: SwiftStorageServer): string {
  return renderIni([
    [
      "DEFAULT",
      {
        bind_ip: "127.0.0.1",
        bind_port: String(layout.ports[server]),
        workers: "0",
        user: layout.user,
        swift_dir: layout.configDir,
        devices: layout.devicesDir,
        // The device is a plain directory, not a mount point.
        mount_check: "false",
      },
    ],
    ["pipeline:main", { pipeline: `${server}-server` }],
    [`app:${server}-server`, { use: `egg:swift#${server}` }],
  ]);
}

/**
 * Config for the proxy. The pipeline order is Swift's sample order; `cache` must sit before
 * `s3api` and `tempauth` because tempauth keeps its tokens in `swift.cache` and answers 500
 * without it.
 */
export function renderProxyConfig(layout: SwiftLayout): string {
  const users = Object.fromEntries(
    layout.tempauth.map(({ account, user, key }) => [`user_${account}_${user}`, `${key} .admin`]),
  );
  return renderIni([
    [
      "DEFAULT",
      {
        bind_ip: "127.0.0.1",
        bind_port: String(layout.ports.proxy),
        workers: "0",
        user: layout.user,
        swift_dir: layout.configDir,
      },
    ],
    [
      "pipeline:main",
      {
        pipeline:
          "catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server",
      },
    ],
    // Autocreate so the first CreateBucket does not need a separate account PUT. The proxy gives
    // up on a backend after 0.5 s to connect and 10 s to answer by default, and answers 503: on
    // a loaded test machine that is a slow server, not a failed one.
    [
      "app:proxy-server",
      { use: "egg:swift#proxy", account_autocreate: "true", conn_timeout: "5", node_timeout: "60" },
    ],
    ["filter:s3api", { use: "egg:swift#s3api", location: "us-east-1" }],
    ["filter:tempauth", { use: "egg:swift#tempauth", ...users }],
    ["filter:cache", { use: "egg:swift#memcache", memcache_servers: `127.0.0.1:${layout.ports.memcached}` }],
    ["filter:catch_errors", { use: "egg:swift#catch_errors" }],
    ["filter:gatekeeper", { use: "egg:swift#gatekeeper" }],
    ["filter:healthcheck", { use: "egg:swift#healthcheck" }],
    ["filter:proxy-logging", { use: "egg:swift#proxy_logging" }],
    ["filter:listing_formats", { use: "egg:swift#listing_formats" }],
    ["filter:copy", { use: "egg:swift#copy" }],
    ["filter:slo", { use: "egg:swift#slo" }],
    ["filter:dlo", { use: "egg:swift#dlo" }],
  ]);
}

/** The swift-ring-builder argument lists that build one server's ring with the single device. */
export function planRingBuilderCommands(layout: SwiftLayout, server: SwiftStorageServer): string[][] {
  const builder = `${layout.configDir}/${server}.builder`;
  return [
    // part_power 8, 1 replica, min_part_hours 1: the smallest ring that balances on one device.
    [builder, "create", "8", "1", "1"],
    [builder, "add", `r1z1-127.0.0.1:${layout.ports[server]}/${SWIFT_DEVICE}`, "100"],
    [builder, "rebalance"],
  ];
}

function renderIni(sections: ReadonlyArray<readonly [string, Readonly<Record<string, string>>]>): string {
  return sections
    .map(([name, values]) => {
      const lines = Object.entries(values).map(([key, value]) => `${key} = ${value}`);
      return [`[${name}]`, ...lines].join("\n");
    })
    .join("\n\n")
    .concat("\n");
}
