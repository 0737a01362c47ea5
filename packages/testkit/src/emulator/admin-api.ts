/**
 * The emulator's admin routes under `/_emulator/`, for tests and benchmarks that drive a running
 * emulator (a standalone process too): the request log, fault knobs, instance removal, page size,
 * new and late RDS events, and the KMS knobs.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EventLog } from "./event-log.js";
import type { FaultKnobs, FaultPlan } from "./faults.js";
import type { KmsKnobs, KmsService } from "./kms-operations.js";
import { readBody } from "./query-http.js";
import type { RequestLog } from "./request-log.js";

/** What the admin routes act on. */
export interface AdminControls {
  requests: RequestLog;
  faults: FaultPlan;
  events: EventLog;
  kms: KmsService;
  setPageSize(pageSize: number | undefined): void;
  removeInstance(id: string, where: { accountId?: string | undefined; region?: string | undefined }): number;
}

/** Answers one admin request; a bad body is answered 400 with the reason. */
export function handleAdminRequest(
  controls: AdminControls,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): void {
  answer(controls, request, response, pathname).catch((error: Error) => {
    response.writeHead(400, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: error.message }));
  });
}

async function answer(
  { requests, faults, events, kms, setPageSize, removeInstance }: AdminControls,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const json = (status: number, value: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(value));
  };
  const readJson = async () => JSON.parse((await readBody(request)).toString("utf8") || "{}") as unknown;
  if (pathname === "/_emulator/requests" && request.method === "GET") {
    return json(200, {
      counts: requests.counts(),
      throttled: requests.throttled(),
      requests: requests.requests,
    });
  }
  if (pathname === "/_emulator/requests" && request.method === "DELETE") {
    requests.clear();
    return json(200, { cleared: true });
  }
  if (pathname === "/_emulator/faults" && request.method === "PUT") {
    faults.set((await readJson()) as FaultKnobs);
    return json(200, faults.knobs);
  }
  if (pathname === "/_emulator/events" && request.method === "POST") {
    const body = JSON.parse((await readBody(request)).toString("utf8") || "[]") as unknown;
    events.append(body, "POST /_emulator/events");
    return json(200, { events: events.events.length });
  }
  if (pathname === "/_emulator/kms" && request.method === "PUT") {
    kms.setKnobs((await readJson()) as KmsKnobs);
    return json(200, kms.knobs);
  }
  const removal = /^\/_emulator\/instances\/([^/]+)$/.exec(pathname);
  if (removal?.[1] !== undefined && request.method === "DELETE") {
    const query = new URL(request.url ?? "/", "http://emulator").searchParams;
    const removed = removeInstance(decodeURIComponent(removal[1]), {
      accountId: query.get("accountId") ?? undefined,
      region: query.get("region") ?? undefined,
    });
    return json(removed > 0 ? 200 : 404, { removed });
  }
  if (pathname === "/_emulator/page-size" && request.method === "PUT") {
    const { pageSize } = (await readJson()) as { pageSize?: number };
    setPageSize(pageSize);
    return json(200, { pageSize });
  }
  return json(404, { error: `no admin route ${request.method} ${pathname}` });
}
