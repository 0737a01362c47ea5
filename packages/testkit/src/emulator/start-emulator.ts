import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { describeEvents } from "./describe-events.js";
import { type DescribeContext, describeDBClusters, describeDBInstances } from "./describe-resources.js";
import { describeDBClusterSnapshots, describeDBSnapshots } from "./describe-snapshots.js";
import { downloadCompleteLogFile, parseDownloadPath } from "./download-complete-log-file.js";
import { EmulatorError } from "./emulator-error.js";
import { EventLog } from "./event-log.js";
import { type FaultKnobs, FaultPlan } from "./faults.js";
import { type FleetSpec, parseFleetSpec, readFleetSpec } from "./fleet.js";
import { KmsKeys } from "./kms-keys.js";
import { type KmsKnobs, KmsService } from "./kms-operations.js";
import { handleKmsRequest, KMS_TARGET_PREFIX } from "./kms-request.js";
import { describeDBLogFiles, downloadDBLogFilePortion, type LogFileContext } from "./log-file-operations.js";
import { LogStore } from "./log-store.js";
import { readBody, sendXml } from "./query-http.js";
import { QueryParams } from "./query-params.js";
import { type RecordedRequest, RequestLog } from "./request-log.js";
import { type EmulatorCredential, verifySigV4 } from "./sigv4-verifier.js";
import { createStsService, describeStsRequest, STS_ACTIONS, STS_XMLNS } from "./sts-operations.js";
import { parseStsOptions, type StsOptions } from "./sts-options.js";
import { RDS_XMLNS, renderQueryError, renderQuerySuccess, type XmlNode } from "./xml.js";

export interface EmulatorOptions {
  /** A folder with `fleet.json` and `instances/<id>/<log file name>`. */
  fleetDir?: string;
  /** The fleet itself, instead of (or overriding) `fleetDir/fleet.json`. */
  fleet?: Partial<FleetSpec>;
  /** 0 (the default) picks a free port. */
  port?: number;
  region?: string;
  accountId?: string;
  credentials?: EmulatorCredential[];
  /** Caps every Describe page, so tests can force paging with few items. */
  pageSize?: number;
  faults?: FaultKnobs;
  /** Roles and OIDC providers for STS on the same endpoint; without them every AssumeRole is denied. */
  sts?: StsOptions;
  /**
   * The emulator's clock for data, such as DescribeEvents' default window. Signature expiry is
   * always checked against the wall clock, since clients sign with theirs.
   */
  now?: () => Date;
  /** KMS fault knobs at start; `emulator.kms.setKnobs()` changes them later. */
  kms?: KmsKnobs;
}

export interface RdsEmulator {
  /** `http://127.0.0.1:PORT`; use it as `AWS_ENDPOINT_URL_RDS`. */
  readonly endpoint: string;
  readonly region: string;
  readonly requests: RequestLog;
  readonly faults: FaultPlan;
  readonly store: LogStore;
  /** DescribeEvents' events; `append()` adds new and late ones while the emulator runs. */
  readonly events: EventLog;
  /** The KMS on this endpoint (use it as `AWS_ENDPOINT_URL_KMS` too): its keys and knobs. */
  readonly kms: KmsService;
  setPageSize(pageSize: number | undefined): void;
  close(): Promise<void>;
}

export const DEFAULT_CREDENTIAL: EmulatorCredential = {
  accessKeyId: "test:tester",
  secretAccessKey: "testing",
};

type QueryOperation = (params: QueryParams) => XmlNode | Promise<XmlNode>;

/**
 * Starts the RDS emulator on 127.0.0.1: the awsQuery operations the archiver uses, the REST
 * `downloadCompleteLogFile` endpoint, STS, KMS (`X-Amz-Target: TrentService.*`), SigV4 checks on
 * every request, fault knobs and a request log.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RdsEmulator> {
  const fromDir = options.fleetDir === undefined ? undefined : await readFleetSpec(options.fleetDir);
  const spec = parseFleetSpec({ ...fromDir, ...options.fleet }, "fleet");
  const region = options.region ?? "us-east-1";
  const now = options.now ?? (() => new Date());
  const credentials = options.credentials ?? [DEFAULT_CREDENTIAL];
  const store = new LogStore(spec, options.fleetDir);
  const faults = new FaultPlan(options.faults);
  const requests = new RequestLog();
  const accountId = options.accountId ?? "123456789012";
  const sts = createStsService(parseStsOptions(options.sts ?? {}, "options.sts"), accountId);
  let pageSize = options.pageSize;
  const events = new EventLog(spec.events);
  const kms = new KmsService(new KmsKeys(spec.kmsKeys, region, accountId));
  if (options.kms) kms.setKnobs(options.kms);

  const describeContext = (): DescribeContext => ({
    spec,
    region,
    accountId,
    pageSize,
    now,
  });
  const logContext = (): LogFileContext => ({ spec, store, pageSize });
  const operations: Record<string, QueryOperation> = {
    DescribeDBClusters: (p) => describeDBClusters(describeContext(), p),
    DescribeDBInstances: (p) => describeDBInstances(describeContext(), p),
    DescribeDBLogFiles: (p) => describeDBLogFiles(logContext(), p),
    DownloadDBLogFilePortion: (p) => downloadDBLogFilePortion(logContext(), p),
    DescribeEvents: (p) => describeEvents({ ...describeContext(), events }, p),
    DescribeDBClusterSnapshots: (p) => describeDBClusterSnapshots(describeContext(), p),
    DescribeDBSnapshots: (p) => describeDBSnapshots(describeContext(), p),
  };

  /** Checks SigV4 against the static and the STS-issued credentials, and records who signed. */
  async function authenticate(
    request: IncomingMessage,
    body: Buffer | undefined,
    service: "rds" | "sts" | "kms",
    record: RecordedRequest,
  ): Promise<EmulatorCredential> {
    const credential = await verifySigV4(request, body, {
      credentials: [...credentials, ...sts.sessions.credentials()],
      region,
      service,
      now: new Date(),
      credentialsNow: sts.now(),
    });
    record.accessKeyId = credential.accessKeyId;
    const session = sts.sessions.find(credential.accessKeyId);
    if (session) record.assumedRoleArn = session.assumedRoleArn;
    return credential;
  }

  async function handleAws(request: IncomingMessage, response: ServerResponse, record: RecordedRequest) {
    const requestId = randomUUID();
    let xmlns = RDS_XMLNS;
    const url = new URL(request.url ?? "/", "http://emulator");
    try {
      const latency = faults.knobs.latencyMs ?? 0;
      if (latency > 0) await sleep(latency);
      const target = request.headers["x-amz-target"];
      if (typeof target === "string" && target.startsWith(KMS_TARGET_PREFIX)) {
        await handleKmsRequest(request, response, record, {
          kms,
          faults,
          authenticate: async (body) => {
            const credential = await authenticate(request, body, "kms", record);
            const session = sts.sessions.find(credential.accessKeyId);
            const callerAccount = session ? (session.roleArn.split(":")[4] ?? accountId) : accountId;
            return {
              accountId: callerAccount,
              arn: session?.assumedRoleArn ?? `arn:aws:iam::${accountId}:user/${credential.accessKeyId}`,
            };
          },
        });
        return;
      }
      const download = request.method === "GET" ? parseDownloadPath(url.pathname) : undefined;
      if (download) {
        record.operation = "DownloadCompleteDBLogFile";
        record.instance = download.instanceId;
        record.logFileName = download.logFileName;
        await authenticate(request, undefined, "rds", record);
        if (faults.shouldThrottle(record.operation)) throw throttling();
        record.bytesSent = await downloadCompleteLogFile(
          { spec, store, faults },
          download,
          response,
          requestId,
        );
        record.status = response.statusCode;
        return;
      }
      if (url.pathname !== "/") {
        throw new EmulatorError(
          "UnknownOperationException",
          404,
          `No operation at ${request.method} ${url.pathname}`,
        );
      }
      const body = await readBody(request);
      const params = QueryParams.parse(body.toString("utf8"), url.searchParams);
      record.operation = params.string("Action") ?? "Unknown";
      const instance = params.string("DBInstanceIdentifier");
      if (instance !== undefined) record.instance = instance;
      if (STS_ACTIONS.has(record.operation)) {
        xmlns = STS_XMLNS;
        Object.assign(record, describeStsRequest(params));
        if (faults.shouldThrottle(record.operation)) throw throttling();
        const result = await sts.answer(record.operation, params, () =>
          authenticate(request, body, "sts", record),
        );
        sendXml(response, 200, renderQuerySuccess(record.operation, result, requestId, STS_XMLNS), requestId);
        record.status = 200;
        return;
      }
      await authenticate(request, body, "rds", record);
      const operation = operations[record.operation];
      if (!operation) {
        throw new EmulatorError(
          "InvalidAction",
          400,
          `Could not find operation ${record.operation} for version 2014-10-31`,
        );
      }
      if (params.string("Version") !== "2014-10-31") {
        throw new EmulatorError("InvalidParameterValue", 400, "Version must be 2014-10-31");
      }
      if (faults.shouldThrottle(record.operation)) throw throttling();
      const xml = renderQuerySuccess(record.operation, await operation(params), requestId);
      sendXml(response, 200, xml, requestId);
      record.status = 200;
    } catch (error) {
      const failure =
        error instanceof EmulatorError
          ? error
          : new EmulatorError("InternalFailure", 500, `Emulator failure: ${(error as Error).message}`);
      record.status = failure.status;
      record.errorCode = failure.code;
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendXml(response, failure.status, renderQueryError(failure, requestId, xmlns), requestId);
    }
  }

  async function handleAdmin(request: IncomingMessage, response: ServerResponse, pathname: string) {
    const json = (status: number, value: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(value));
    };
    if (pathname === "/_emulator/requests" && request.method === "GET") {
      return json(200, { counts: requests.counts(), requests: requests.requests });
    }
    if (pathname === "/_emulator/requests" && request.method === "DELETE") {
      requests.clear();
      return json(200, { cleared: true });
    }
    if (pathname === "/_emulator/faults" && request.method === "PUT") {
      faults.set(JSON.parse((await readBody(request)).toString("utf8") || "{}") as FaultKnobs);
      return json(200, faults.knobs);
    }
    if (pathname === "/_emulator/events" && request.method === "POST") {
      events.append(JSON.parse((await readBody(request)).toString("utf8") || "[]"), "POST /_emulator/events");
      return json(200, { events: events.events.length });
    }
    if (pathname === "/_emulator/kms" && request.method === "PUT") {
      kms.setKnobs(JSON.parse((await readBody(request)).toString("utf8") || "{}") as KmsKnobs);
      return json(200, kms.knobs);
    }
    if (pathname === "/_emulator/page-size" && request.method === "PUT") {
      const { pageSize: size } = JSON.parse((await readBody(request)).toString("utf8") || "{}") as {
        pageSize?: number;
      };
      pageSize = size;
      return json(200, { pageSize });
    }
    return json(404, { error: `no admin route ${request.method} ${pathname}` });
  }

  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://emulator").pathname;
    if (pathname.startsWith("/_emulator/")) {
      handleAdmin(request, response, pathname).catch((error: Error) => {
        response.writeHead(400, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: error.message }));
      });
      return;
    }
    const started = performance.now();
    const record: RecordedRequest = {
      operation: "Unknown",
      status: 0,
      bytesSent: 0,
      startedAt: now().toISOString(),
      durationMs: 0,
    };
    handleAws(request, response, record).finally(() => {
      record.durationMs = Math.round(performance.now() - started);
      requests.record(record);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    region,
    requests,
    faults,
    store,
    events,
    kms,
    setPageSize: (size) => {
      pageSize = size;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const throttling = () => new EmulatorError("Throttling", 400, "Rate exceeded");
