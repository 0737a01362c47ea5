import type { RateLimit } from "./rate-limit.js";

/**
 * Fault knobs. Rates are probabilities per request, drawn from a seeded generator so that a
 * test with the same seed and the same requests sees the same faults. Knobs can be changed while
 * the emulator runs (in process with `emulator.faults.set`, with `PUT /_emulator/faults` on a
 * standalone one, or from a JSON file with the command's `--faults FILE`); each `set` replaces
 * every knob, and an unknown knob name is refused rather than silently ignored.
 *
 * "A download starts" means a REST `downloadCompleteLogFile` request, or a
 * `DownloadDBLogFilePortion` call with `Marker` "0" or no Marker (the first page of a file).
 * The file changes (`growOnDownload`, `rotateOnDownload`, `replaceOnDownload`) each happen once
 * per `set`, the first time a download of that name starts, and the download is then served
 * from the changed file; later listings show the change.
 */
export interface FaultKnobs {
  /** Share of requests answered `400 Throttling: Rate exceeded`. */
  throttleRate?: number;
  /** Restricts throttling to these operations (`DescribeDBLogFiles`, `DownloadCompleteDBLogFile`, …). */
  throttleOperations?: string[];
  /**
   * RDS's own limit: a token bucket per account and region, `burst` tokens full and refilled at
   * `requestsPerSecond`; every RDS request (Query calls and REST downloads, not STS) takes one,
   * and one that finds the bucket empty is answered `400 Throttling: Rate exceeded`. Defaults are
   * RDS's documented ones, 12 requests a second and bursts of 300 (see rate-limit.ts).
   */
  rateLimit?: RateLimit;
  /** Share of REST downloads answered with a 5xx. */
  downloadErrorRate?: number;
  /** Share of REST downloads whose connection is reset part-way through the body. */
  resetMidBodyRate?: number;
  /** Share of REST downloads that end cleanly, but shorter than the file. */
  shortBodyRate?: number;
  /** Log file names that rotate away when a download of them starts: 404, and gone from listings. */
  rotateAwayOnDownload?: string[];
  /**
   * REST downloads of these file names that never answer: the connection is accepted and the
   * request read, but no status line or header is sent until the client gives up.
   */
  stallHeadersFiles?: string[];
  /** Share of REST downloads that never answer, as `stallHeadersFiles`. */
  stallHeadersRate?: number;
  /**
   * REST downloads of these file names that send the status, the headers and part of the body
   * (`stallBodyAfterBytes`, default half the file), then send nothing more and never close.
   */
  stallBodyFiles?: string[];
  /** Share of REST downloads that stall part-way through the body, as `stallBodyFiles`. */
  stallBodyRate?: number;
  /** Body bytes sent before a body stall; default half the file. */
  stallBodyAfterBytes?: number;
  /** Share of Query API calls (RDS and STS) whose connection is accepted and never answered. */
  stallQueryRate?: number;
  /** Restricts Query stalls to these operations (`DescribeDBInstances`, `AssumeRole`, …). */
  stallQueryOperations?: string[];
  /**
   * A file that grows between listing and download: the download serves `bytes` more than the
   * listing said (the listed bytes, then generated log lines), and LastWritten moves on.
   */
  growOnDownload?: { name: string; bytes: number; instance?: string }[];
  /**
   * A rotation while a numbered file (`audit/server_audit.log.1`) is being fetched: every
   * `BASE.N` becomes `BASE.N+1`, and a new `BASE.1` appears, which the download serves. The new
   * `.1` is the active `BASE` (which restarts empty), as MariaDB rotates; with `newSize`, or when
   * there is no active file, it is `newSize` (default: the old `.1`'s size) of other generated text.
   */
  rotateOnDownload?: { name: string; newSize?: number; instance?: string }[];
  /**
   * A file replaced in place: same name, other content of `size` bytes (default the same size),
   * LastWritten moved on; the download serves the new content.
   */
  replaceOnDownload?: { name: string; size?: number; instance?: string }[];
  /**
   * An instance removed mid-run (an Aurora auto-scaling reader going away): once `afterDownloads`
   * downloads of its files have started (those are served in full), DescribeDBInstances and the
   * cluster's members no longer show it, and every call naming it answers `404 DBInstanceNotFound`.
   * `accountId`/`region` narrow it on a multi-account emulator. For a removal now, call
   * `emulator.removeInstance` or `DELETE /_emulator/instances/ID`.
   */
  removeInstances?: { instance: string; afterDownloads: number; accountId?: string; region?: string }[];
  /** Delay added before every response, in milliseconds. */
  latencyMs?: number;
  /** Seed for the fault draws. */
  seed?: number;
}

export type DownloadFault =
  | "error"
  | "reset"
  | "short"
  | "rotate"
  | "stall-headers"
  | "stall-body"
  | undefined;

/** The knobs a FaultKnobs object may hold; anything else is a typo that would silently do nothing. */
const KNOWN_KNOBS: ReadonlySet<string> = new Set<keyof FaultKnobs>([
  "throttleRate",
  "throttleOperations",
  "rateLimit",
  "downloadErrorRate",
  "resetMidBodyRate",
  "shortBodyRate",
  "rotateAwayOnDownload",
  "stallHeadersFiles",
  "stallHeadersRate",
  "stallBodyFiles",
  "stallBodyRate",
  "stallBodyAfterBytes",
  "stallQueryRate",
  "stallQueryOperations",
  "growOnDownload",
  "rotateOnDownload",
  "replaceOnDownload",
  "removeInstances",
  "latencyMs",
  "seed",
]);

/** Checks knobs that came as JSON: an object whose every key is a knob, since a misspelt one would do nothing. */
export function readFaultKnobs(value: unknown): FaultKnobs {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error("fault knobs must be a JSON object");
  }
  const unknown = Object.keys(value).filter((name) => !KNOWN_KNOBS.has(name));
  if (unknown.length > 0) {
    throw new Error(`unknown fault knob ${unknown.join(", ")}; known: ${[...KNOWN_KNOBS].join(", ")}`);
  }
  return value as FaultKnobs;
}

export class FaultPlan {
  #knobs: FaultKnobs = {};
  #random: () => number = seeded(1);
  /** File changes already made since the last `set`, as `kind:instance:name`. */
  readonly #fired = new Set<string>();
  /** Downloads started since the last `set`, per `account/region/instance`. */
  readonly #downloads = new Map<string, number>();

  constructor(knobs: FaultKnobs = {}) {
    this.set(knobs);
  }

  get knobs(): Readonly<FaultKnobs> {
    return this.#knobs;
  }

  set(knobs: FaultKnobs): void {
    this.#knobs = { ...readFaultKnobs(knobs) };
    this.#random = seeded(knobs.seed ?? 1);
    this.#fired.clear();
    this.#downloads.clear();
  }

  shouldThrottle(operation: string): boolean {
    const { throttleRate = 0, throttleOperations } = this.#knobs;
    if (throttleOperations !== undefined && !throttleOperations.includes(operation)) return false;
    return this.#draw(throttleRate);
  }

  /** Whether this Query call is left unanswered. */
  shouldStallQuery(operation: string): boolean {
    const { stallQueryRate = 0, stallQueryOperations } = this.#knobs;
    if (stallQueryOperations !== undefined && !stallQueryOperations.includes(operation)) return false;
    return this.#draw(stallQueryRate);
  }

  /** At most one fault per download; rotation and named stalls go by name, the rest by rate. */
  downloadFault(logFileName: string): DownloadFault {
    const {
      rotateAwayOnDownload = [],
      stallHeadersFiles = [],
      stallBodyFiles = [],
      downloadErrorRate = 0,
      resetMidBodyRate = 0,
      shortBodyRate = 0,
      stallHeadersRate = 0,
      stallBodyRate = 0,
    } = this.#knobs;
    if (rotateAwayOnDownload.includes(logFileName)) return "rotate";
    if (stallHeadersFiles.includes(logFileName)) return "stall-headers";
    if (stallBodyFiles.includes(logFileName)) return "stall-body";
    if (this.#draw(downloadErrorRate)) return "error";
    if (this.#draw(resetMidBodyRate)) return "reset";
    if (this.#draw(shortBodyRate)) return "short";
    if (this.#draw(stallHeadersRate)) return "stall-headers";
    if (this.#draw(stallBodyRate)) return "stall-body";
    return undefined;
  }

  /**
   * The file change due as a download of `name` on `instance` starts, at most once per `set`;
   * marks it done, so the caller must make the change.
   */
  takeFileChange(instance: string, name: string): FileChange | undefined {
    const { growOnDownload = [], rotateOnDownload = [], replaceOnDownload = [] } = this.#knobs;
    const matches = (knob: { name: string; instance?: string }) =>
      knob.name === name && (knob.instance === undefined || knob.instance === instance);
    const candidates: FileChange[] = [
      ...growOnDownload.filter(matches).map((k) => ({ kind: "grow" as const, bytes: k.bytes })),
      ...rotateOnDownload.filter(matches).map((k) => ({
        kind: "rotate" as const,
        ...(k.newSize === undefined ? {} : { newSize: k.newSize }),
      })),
      ...replaceOnDownload
        .filter(matches)
        .map((k) => ({ kind: "replace" as const, ...(k.size === undefined ? {} : { size: k.size }) })),
    ];
    const change = candidates.find((c) => !this.#fired.has(`${c.kind}:${instance}:${name}`));
    if (change) this.#fired.add(`${change.kind}:${instance}:${name}`);
    return change;
  }

  /**
   * Counts a download of `instance` (in `accountId`/`region`) starting, and says whether a
   * `removeInstances` knob is now due for it.
   */
  countDownloadForRemoval(accountId: string, region: string, instance: string): boolean {
    const key = `${accountId}/${region}/${instance.toLowerCase()}`;
    const started = (this.#downloads.get(key) ?? 0) + 1;
    this.#downloads.set(key, started);
    return (this.#knobs.removeInstances ?? []).some(
      (knob) =>
        knob.instance.toLowerCase() === instance.toLowerCase() &&
        (knob.accountId === undefined || knob.accountId === accountId) &&
        (knob.region === undefined || knob.region === region) &&
        started >= knob.afterDownloads,
    );
  }

  #draw(rate: number): boolean {
    if (rate <= 0) return false;
    return rate >= 1 || this.#random() < rate;
  }
}

/** A change to a log file that a fault knob makes as its download starts. */
export type FileChange =
  | { kind: "grow"; bytes: number }
  | { kind: "rotate"; newSize?: number }
  | { kind: "replace"; size?: number };

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}
