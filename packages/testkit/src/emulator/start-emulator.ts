import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { handleAdminRequest } from "./admin-api.js";
import { createAuthenticate } from "./authenticate-request.js";
import { describeEvents } from "./describe-events.js";
import { type DescribeContext, describeDBClusters, describeDBInstances } from "./describe-resources.js";
import { describeDBClusterSnapshots, describeDBSnapshots } from "./describe-snapshots.js";
import { downloadCompleteLogFile, parseDownloadPath, untilClosed } from "./download-complete-log-file.js";
import { EmulatorError } from "./emulator-error.js";
import { EventLog } from "./event-log.js";
import { type FaultKnobs, FaultPlan } from "./faults.js";
import { type FleetSpec, parseFleetSpec, readFleetSpec } from "./fleet.js";
import { createFleetPartitions, FleetPartition, type FleetPartitionOptions } from "./fleet-partitions.js";
import { KmsKeys } from "./kms-keys.js";
import { type KmsKnobs, KmsService } from "./kms-operations.js";
import { handleKmsRequest, KMS_TARGET_PREFIX } from "./kms-request.js";
import { listTagsForResource } from "./list-tags-for-resource.js";
import {
  describeDBLogFiles,
  downloadDBLogFilePortion,
  instanceIdOf,
  type LogFileContext,
} from "./log-file-operations.js";
import type { LogStore } from "./log-store.js";
import { onDownloadStart } from "./on-download-start.js";
import { readBody, sendXml } from "./query-http.js";
import { QueryParams } from "./query-params.js";
import { RateLimiter } from "./rate-limit.js";
import { type RecordedRequest, RequestLog } from "./request-log.js";
import type { EmulatorCredential } from "./sigv4-verifier.js";
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
  /** The region of `fleet`/`fleetDir`; default us-east-1. */
  region?: string;
  /** The account of `fleet`/`fleetDir`, and of `credentials` that name none; default 123456789012. */
  accountId?: string;
  credentials?: EmulatorCredential[];
  /**
   * The fleets of other accounts and regions, served on the same endpoint: a request goes to the
   * region its signature is scoped to and the account its key belongs to (an STS session's is its
   * role's). `fleetDir/fleet.json` may list more under `partitions`. Without any, the emulator
   * serves one account, and the main fleet answers keys of every account.
   */
  partitions?: FleetPartitionOptions[];
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
  /** The log store of the main fleet (`fleet`/`fleetDir`, in `region` and `accountId`). */
  readonly store: LogStore;
  /** DescribeEvents' events; `append()` adds new and late ones while the emulator runs. */
  readonly events: EventLog;
  /** The KMS on this endpoint (use it as `AWS_ENDPOINT_URL_KMS` too): its keys and knobs. */
  readonly kms: KmsService;
  setPageSize(pageSize: number | undefined): void;
  /**
   * Removes an instance now, as if deleted: gone from DescribeDBInstances and its cluster's
   * members, and `404 DBInstanceNotFound` for every call naming it. Narrowed by account and
   * region on a multi-account emulator; returns how many instances went.
   */
  removeInstance(id: string, where?: { accountId?: string; region?: string }): number;
  close(): Promise<void>;
}

export const DEFAULT_CREDENTIAL: EmulatorCredential = {
  accessKeyId: "test:tester",
  secretAccessKey: "testing",
};

type QueryOperation = (params: QueryParams, partition: FleetPartition) => XmlNode | Promise<XmlNode>;

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
  const faults = new FaultPlan(options.faults);
  const requests = new RequestLog();
  const accountId = options.accountId ?? "123456789012";
  const partitions = await createFleetPartitions(
    new FleetPartition(accountId, region, spec, options.fleetDir),
    options.fleetDir,
    options.partitions ?? [],
  );
  const rateLimiter = new RateLimiter();
  const sts = createStsService(parseStsOptions(options.sts ?? {}, "options.sts"), accountId);
  let pageSize = options.pageSize;
  const events = new EventLog(spec.events);
  const kms = new KmsService(new KmsKeys(spec.kmsKeys, region, accountId));
  if (options.kms) kms.setKnobs(options.kms);

  const describeContext = (partition: FleetPartition): DescribeContext => ({
    spec: partition.spec,
    region: partition.region,
    accountId: partition.accountId,
    pageSize,
    now,
  });
  const logContext = (partition: FleetPartition): LogFileContext => ({
    spec: partition.spec,
    store: partition.store,
    pageSize,
  });
  const operations: Record<string, QueryOperation> = {
    DescribeDBClusters: (p, partition) => describeDBClusters(describeContext(partition), p),
    DescribeDBInstances: (p, partition) => describeDBInstances(describeContext(partition), p),
    DescribeDBLogFiles: (p, partition) => describeDBLogFiles(logContext(partition), p),
    DownloadDBLogFilePortion: async (p, partition) => {
      const marker = p.string("Marker");
      if (marker === undefined || marker === "0") {
        const instance = instanceIdOf(logContext(partition), p);
        await onDownloadStart(partition, faults, instance, p.required("LogFileName"), now());
      }
      return downloadDBLogFilePortion(logContext(partition), p);
    },
    DescribeEvents: (p, partition) => describeEvents({ ...describeContext(partition), events }, p),
    DescribeDBClusterSnapshots: (p, partition) => describeDBClusterSnapshots(describeContext(partition), p),
    DescribeDBSnapshots: (p, partition) => describeDBSnapshots(describeContext(partition), p),
    ListTagsForResource: (p, partition) => listTagsForResource(describeContext(partition), p),
  };

  const authenticate = createAuthenticate({ credentials, sts, partitions, region, accountId });

  /**
   * RDS's token bucket (`faults.rateLimit`) for the signing key's account and the signature's
   * region, then the `throttleRate` draw.
   */
  function throttleIfDue(record: RecordedRequest): void {
    const key = `${record.accountId}/${record.region}`;
    if (!rateLimiter.take(key, faults.knobs.rateLimit) || faults.shouldThrottle(record.operation))
      throw throttling();
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
            const { credential, partition } = await authenticate(request, body, "kms", record);
            const session = sts.sessions.find(credential.accessKeyId);
            return {
              accountId: partition.accountId,
              arn:
                session?.assumedRoleArn ??
                `arn:aws:iam::${partition.accountId}:user/${credential.accessKeyId}`,
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
        const { partition } = await authenticate(request, undefined, "rds", record);
        throttleIfDue(record);
        const outcome = await downloadCompleteLogFile(
          {
            spec: partition.spec,
            store: partition.store,
            faults,
            onDownloadStart: (instance, name) => onDownloadStart(partition, faults, instance, name, now()),
          },
          download,
          response,
          requestId,
        );
        record.bytesSent = outcome.bytesSent;
        if (outcome.fault !== undefined) record.fault = outcome.fault;
        record.status = response.headersSent ? response.statusCode : 0;
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
      if (faults.shouldStallQuery(record.operation)) {
        record.fault = "stall-query";
        await untilClosed(response);
        return;
      }
      if (STS_ACTIONS.has(record.operation)) {
        xmlns = STS_XMLNS;
        Object.assign(record, describeStsRequest(params));
        if (faults.shouldThrottle(record.operation)) throw throttling();
        const result = await sts.answer(
          record.operation,
          params,
          async () => (await authenticate(request, body, "sts", record)).credential,
        );
        sendXml(response, 200, renderQuerySuccess(record.operation, result, requestId, STS_XMLNS), requestId);
        record.status = 200;
        return;
      }
      const { partition } = await authenticate(request, body, "rds", record);
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
      throttleIfDue(record);
      const xml = renderQuerySuccess(record.operation, await operation(params, partition), requestId);
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

  function setPageSize(size: number | undefined) {
    pageSize = size;
  }

  function removeInstance(
    id: string,
    where: { accountId?: string | undefined; region?: string | undefined } = {},
  ) {
    return partitions.select(where).filter((partition) => partition.removeInstance(id)).length;
  }

  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? "/", "http://emulator").pathname;
    if (pathname.startsWith("/_emulator/")) {
      handleAdminRequest(
        { requests, faults, events, kms, setPageSize, removeInstance },
        request,
        response,
        pathname,
      );
      return;
    }
    const started = performance.now();
    requests.begin();
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
    store: partitions.default.store,
    events,
    kms,
    setPageSize,
    removeInstance,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

const throttling = () => new EmulatorError("Throttling", 400, "Rate exceeded");
