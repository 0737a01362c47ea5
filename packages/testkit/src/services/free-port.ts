import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, for servers that cannot be told to pick
 * their own port (Swift, memcached, PostgreSQL, MariaDB). Binding 0 and closing leaves a small
 * race, which loopback tests accept.
 */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
