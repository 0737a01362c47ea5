/**
 * Loaded with `node --import` into a stand-in we do not control (kinesis-local binds 0.0.0.0 and
 * has no setting for it):
 * - a `listen(port)` without a host binds 127.0.0.1, so the server is reachable from this
 *   machine only;
 * - the process exits when its stdin closes, which happens when the test process that spawned
 *   it ends, even by SIGKILL, so nothing is left running.
 */
import net from "node:net";

const listen = net.Server.prototype.listen;
const ANY = new Set(["0.0.0.0", "::", undefined]);

net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
  const [first, second] = args;
  if (typeof first === "number" && (typeof second === "function" || second === undefined)) {
    args.splice(1, 0, "127.0.0.1");
  } else if (typeof first === "number" && typeof second === "string" && ANY.has(second)) {
    args[1] = "127.0.0.1";
  } else if (typeof first === "object" && first !== null && ANY.has((first as net.ListenOptions).host)) {
    args[0] = { ...(first as net.ListenOptions), host: "127.0.0.1" };
  }
  return listen.apply(this, args as Parameters<typeof listen>);
} as typeof listen;

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
