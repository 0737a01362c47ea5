import { describe, expect, it } from "vitest";
import { emptyInstanceState, type InstanceState, type LogFileVersion } from "./instance-state.js";
import {
  type PlannedFile,
  type PlanSettings,
  type PlanTarget,
  planInstance,
  planNextState,
} from "./plan-instance.js";

const NOW = new Date("2026-11-22T12:30:00Z");
const at = (iso: string) => Date.parse(iso);
const target: PlanTarget = { region: "us-east-1", instance: "db-1", engine: "postgres" };
const settings: PlanSettings = {
  now: NOW,
  settleMs: 5 * 60_000,
  includeActive: false,
  logTypes: [],
  keyTemplate: "{prefix}{cluster}/{logType}/{yyyy}/{mm}/{dd}/{hh}/{instance}/{file}.gz",
  prefix: "logs/",
  compression: { algorithm: "gzip", level: 6 },
};
const file = (name: string, size: number, lastWritten: string): LogFileVersion => ({
  name,
  size,
  lastWritten: at(lastWritten),
});
const hourly = (hour: number, size = 100) =>
  file(
    `error/postgresql.log.2026-11-22-${String(hour).padStart(2, "0")}`,
    size,
    `2026-11-22T${String(hour).padStart(2, "0")}:59:59Z`,
  );

/** The state a run leaves after archiving every file it planned to archive. */
function stateAfter(listing: LogFileVersion[], previous?: InstanceState, now = NOW): InstanceState {
  const plan = planInstance(target, listing, previous, { ...settings, now });
  const outcomes = plan.files
    .filter((f) => f.action === "archive")
    .map((f) => ({ listed: f.file, archived: { file: f.file, key: f.key } }));
  return planNextState(target, { plan, outcomes, gaps: plan.gaps, instanceGone: false }, previous, now);
}

const actions = (files: PlannedFile[]) =>
  files.map((f) => [f.file.name, f.action === "archive" ? "archive" : f.reason] as const);

describe("selection", () => {
  it("archives settled files and leaves the active one until it settles", () => {
    const plan = planInstance(
      target,
      [hourly(10), hourly(11), file("error/postgresql.log.2026-11-22-12", 5, "2026-11-22T12:28:00Z")],
      undefined,
      settings,
    );
    expect(actions(plan.files)).toEqual([
      ["error/postgresql.log.2026-11-22-10", "archive"],
      ["error/postgresql.log.2026-11-22-11", "archive"],
      ["error/postgresql.log.2026-11-22-12", "not-settled"],
    ]);
  });

  it("takes a snapshot of an active file with includeActive", () => {
    const plan = planInstance(
      target,
      [file("error/postgresql.log.2026-11-22-12", 5, "2026-11-22T12:28:00Z")],
      undefined,
      {
        ...settings,
        includeActive: true,
      },
    );
    expect(plan.files[0]).toMatchObject({ action: "archive", active: true });
  });

  it("treats until as exclusive: a file last written exactly at until is after the window", () => {
    const plan = planInstance(target, [hourly(9), hourly(10)], undefined, {
      ...settings,
      until: new Date(hourly(10).lastWritten),
    });
    expect(actions(plan.files)).toEqual([
      ["error/postgresql.log.2026-11-22-09", "archive"],
      ["error/postgresql.log.2026-11-22-10", "after-until"],
    ]);
  });

  it("filters by LastWritten with since and until, and by log-type globs", () => {
    const listing = [
      hourly(8),
      hourly(9),
      hourly(10),
      file("audit/server_audit.log.1", 10, "2026-11-22T09:30:00Z"),
    ];
    const windowed = planInstance(target, listing, undefined, {
      ...settings,
      since: new Date("2026-11-22T09:00:00Z"),
      until: new Date("2026-11-22T10:00:00Z"),
    });
    expect(actions(windowed.files)).toEqual([
      ["error/postgresql.log.2026-11-22-08", "before-since"],
      ["error/postgresql.log.2026-11-22-09", "archive"],
      ["error/postgresql.log.2026-11-22-10", "after-until"],
      ["audit/server_audit.log.1", "archive"],
    ]);
    const audits = planInstance(target, listing, undefined, { ...settings, logTypes: ["audit/*"] });
    expect(audits.files.filter((f) => f.action === "archive").map((f) => f.file.name)).toEqual([
      "audit/server_audit.log.1",
    ]);
  });
});

describe("versions", () => {
  it("archives nothing twice: a re-run skips every archived version", () => {
    const listing = [hourly(9), hourly(10)];
    const plan = planInstance(target, listing, stateAfter(listing), settings);
    expect(actions(plan.files).map(([, a]) => a)).toEqual(["already-archived", "already-archived"]);
  });

  it("archives a grown file again, as a new version under a new key", () => {
    const first = stateAfter([file("error/mysql-error.log", 100, "2026-11-22T09:00:00Z")]);
    const plan = planInstance(
      target,
      [file("error/mysql-error.log", 180, "2026-11-22T11:00:00Z")],
      first,
      settings,
    );
    expect(plan.files[0]?.action).toBe("archive");
    expect(plan.files[0]?.key).not.toBe(first.archived[0]?.key);
  });

  it("does not archive a renamed copy: server_audit.log.1 becoming .2 keeps its key", () => {
    const first = stateAfter([file("audit/server_audit.log.1", 4096, "2026-11-22T10:00:00Z")]);
    const after = planInstance(
      target,
      [
        file("audit/server_audit.log.1", 4100, "2026-11-22T11:00:00Z"),
        file("audit/server_audit.log.2", 4096, "2026-11-22T10:00:00Z"),
      ],
      first,
      settings,
    );
    expect(actions(after.files)).toEqual([
      ["audit/server_audit.log.1", "archive"],
      ["audit/server_audit.log.2", "renamed-copy"],
    ]);
  });

  it("keeps a legacy repeating name apart from yesterday's content", () => {
    const yesterday = stateAfter([file("slowquery/mysql-slowquery.log.7", 50, "2026-11-21T07:59:00Z")]);
    const today = planInstance(
      target,
      [file("slowquery/mysql-slowquery.log.7", 50, "2026-11-22T07:59:00Z")],
      yesterday,
      settings,
    );
    expect(today.files[0]?.action).toBe("archive");
  });
});

describe("gaps", () => {
  it("raises no alarm for normal hourly rotation and retention", () => {
    const first = stateAfter([hourly(8), hourly(9), hourly(10)], undefined, new Date("2026-11-22T11:10:00Z"));
    // An hour later RDS has deleted hour 8 and written hour 11: the normal case.
    const plan = planInstance(target, [hourly(9), hourly(10), hourly(11)], first, settings);
    expect(plan.gaps).toEqual([]);
  });

  it("raises no alarm for size rotation, where the active file lives on under a suffixed name", () => {
    const t0 = new Date("2026-11-22T10:10:00Z");
    const listing0 = [
      file("audit/server_audit.log", 900, "2026-11-22T10:09:00Z"),
      file("audit/server_audit.log.1", 4096, "2026-11-22T09:40:00Z"),
      file("audit/server_audit.log.2", 4096, "2026-11-22T09:00:00Z"),
    ];
    const first = stateAfter(listing0, undefined, t0);
    expect(first.pending.map((p) => p.name)).toEqual(["audit/server_audit.log"]);
    // Rotated twice since: the active file became .1, the old .2 fell off the end after being archived.
    const listing1 = [
      file("audit/server_audit.log", 100, "2026-11-22T12:28:00Z"),
      file("audit/server_audit.log.1", 4096, "2026-11-22T11:50:00Z"),
      file("audit/server_audit.log.2", 4096, "2026-11-22T10:30:00Z"),
      file("audit/server_audit.log.3", 4096, "2026-11-22T09:40:00Z"),
    ];
    const plan = planInstance(target, listing1, first, settings);
    expect(plan.gaps).toEqual([]);
    expect(actions(plan.files)).toEqual([
      ["audit/server_audit.log", "not-settled"],
      ["audit/server_audit.log.1", "archive"],
      ["audit/server_audit.log.2", "archive"],
      ["audit/server_audit.log.3", "renamed-copy"],
    ]);
  });

  it("raises no alarm for a file that grows in place, or a legacy name that comes round again", () => {
    const first = stateAfter(
      [
        file("error/mysql-error.log", 100, "2026-11-22T01:00:00Z"),
        file("slowquery/mysql-slowquery.log.7", 50, "2026-11-21T07:59:00Z"),
      ],
      undefined,
      new Date("2026-11-22T01:10:00Z"),
    );
    const plan = planInstance(
      target,
      [
        file("error/mysql-error.log", 900, "2026-11-22T11:00:00Z"),
        file("slowquery/mysql-slowquery.log.7", 70, "2026-11-22T07:59:00Z"),
      ],
      first,
      settings,
    );
    expect(plan.gaps).toEqual([]);
    expect(plan.files.map((f) => f.action)).toEqual(["archive", "archive"]);
  });

  it("reports a listed file that vanished before it was archived", () => {
    const previous = { ...emptyInstanceState("us-east-1", "db-1"), pending: [hourly(11)] };
    const plan = planInstance(target, [hourly(12)], previous, settings);
    expect(plan.gaps).toHaveLength(1);
    expect(plan.gaps[0]).toMatchObject({ instance: "db-1", logFile: "error/postgresql.log.2026-11-22-11" });
    expect(plan.gaps[0]?.reason).toContain("rotated away, replaced or deleted before it could be archived");
  });

  it("does not report a pending file that lives on under another name", () => {
    const pending = file("audit/server_audit.log.1", 4096, "2026-11-22T10:00:00Z");
    const previous = { ...emptyInstanceState("us-east-1", "db-1"), pending: [pending] };
    const plan = planInstance(
      target,
      [file("audit/server_audit.log.2", 4096, "2026-11-22T10:00:00Z")],
      previous,
      settings,
    );
    expect(plan.gaps).toEqual([]);
  });

  it("reports retention that outran the schedule, with the window that was lost", () => {
    const first = stateAfter([hourly(1), hourly(2)], undefined, new Date("2026-11-22T03:10:00Z"));
    const plan = planInstance(target, [hourly(6), hourly(7)], first, settings);
    expect(plan.gaps).toEqual([
      {
        id: expect.any(String),
        instance: "db-1",
        logFile: "error/postgresql.log",
        from: new Date("2026-11-22T02:59:59Z"),
        // Where what RDS still holds begins: the hour the oldest listed file's name gives.
        to: new Date("2026-11-22T06:00:00Z"),
        reason: expect.stringContaining("retention outran the archive schedule"),
      },
    ]);
  });
});

describe("gaps: growth is not loss", () => {
  /** A state that archived `versions` (keys as the planner renders them) and awaits `pending`. */
  const archivedState = (versions: LogFileVersion[], pending: LogFileVersion[] = []): InstanceState => {
    const plan = planInstance(target, versions, undefined, settings);
    return {
      ...emptyInstanceState("us-east-1", "db-1"),
      archived: plan.files.map((f) => ({ ...f.file, key: f.key })),
      pending,
      watermarks: Object.fromEntries(
        versions.map((v) => [v.name.replace(/\.\d{4}-\d{2}-\d{2}.*$/, ""), v.lastWritten]),
      ),
    };
  };

  it.each([
    // Aurora MySQL Advanced Auditing: four files written at once, rotated by size, not by the hour.
    ["audit/audit.log.0.2026-11-22-08-00.1", "audit/audit.log.0"],
    // A daily PostgreSQL log (log_filename postgresql.log.%Y-%m-%d) grows all day.
    ["error/postgresql.log.2026-11-22", "error/postgresql.log"],
  ])(
    "a dated file %s that grew hours after its archived version is a new version, not a gap",
    (name, series) => {
      const earlier = file(name, 100, "2026-11-22T08:30:00Z");
      const state = { ...archivedState([earlier]), watermarks: { [series]: earlier.lastWritten } };
      const plan = planInstance(target, [file(name, 5000, "2026-11-22T11:40:00Z")], state, settings);
      expect(plan.gaps).toEqual([]);
      expect(actions(plan.files)).toEqual([[name, "archive"]]);
    },
  );

  it("a pending file that grew is awaited still, not lost", () => {
    const pending = file("error/mysql-error.log", 100, "2026-11-22T10:00:00Z");
    const state = { ...emptyInstanceState("us-east-1", "db-1"), pending: [pending] };
    const plan = planInstance(
      target,
      [file("error/mysql-error.log", 900, "2026-11-22T12:00:00Z")],
      state,
      settings,
    );
    expect(plan.gaps).toEqual([]);
  });

  it("a pending file whose name now holds a smaller file was replaced before it was archived: a gap", () => {
    const pending = file("error/mysql-error.log", 900, "2026-11-22T10:00:00Z");
    const state = { ...emptyInstanceState("us-east-1", "db-1"), pending: [pending] };
    const plan = planInstance(
      target,
      [file("error/mysql-error.log", 100, "2026-11-22T12:00:00Z")],
      state,
      settings,
    );
    expect(plan.gaps).toEqual([
      expect.objectContaining({
        logFile: "error/mysql-error.log",
        reason: expect.stringContaining("900 bytes"),
      }),
    ]);
  });

  it("a pending daily slot whose name now holds the next day's file is a gap, whatever its size", () => {
    const pending = file("slowquery/mysql-slowquery.log.7", 50, "2026-11-21T07:20:00Z");
    const state = { ...emptyInstanceState("us-east-1", "db-1"), pending: [pending] };
    const today = file("slowquery/mysql-slowquery.log.7", 80, "2026-11-22T07:59:00Z");
    expect(planInstance(target, [today], state, settings).gaps).toHaveLength(1);
  });

  it("a daily slot rewritten more than once since its archived version is a gap; the next day's is not", () => {
    const state = archivedState([file("slowquery/mysql-slowquery.log.7", 50, "2026-11-19T07:59:00Z")]);
    const nextDay = file("slowquery/mysql-slowquery.log.7", 60, "2026-11-20T07:59:00Z");
    expect(planInstance(target, [nextDay], state, settings).gaps).toEqual([]);
    const threeDaysOn = file("slowquery/mysql-slowquery.log.7", 60, "2026-11-22T07:59:00Z");
    expect(planInstance(target, [threeDaysOn], state, settings).gaps).toEqual([
      expect.objectContaining({
        logFile: "slowquery/mysql-slowquery.log.7",
        from: new Date("2026-11-19T07:59:00Z"),
        to: new Date("2026-11-22T07:59:00Z"),
      }),
    ]);
  });

  it("a pending file compressed to .gz by Aurora PostgreSQL lives on", () => {
    const pending = file("error/postgresql.log.2026-11-22-1000", 900, "2026-11-22T10:59:00Z");
    const state = { ...emptyInstanceState("us-east-1", "db-1"), pending: [pending] };
    const gz = file("error/postgresql.log.2026-11-22-1000.gz", 120, "2026-11-22T11:30:00Z");
    expect(planInstance(target, [gz], state, settings).gaps).toEqual([]);
  });

  it("reports a gap once: a later run with the same evidence says nothing", () => {
    const first = stateAfter([hourly(1), hourly(2)], undefined, new Date("2026-11-22T03:10:00Z"));
    const later = [file("error/postgresql.log.2026-11-22-06", 100, "2026-11-22T06:59:59Z")];
    // The later files are not settled, so nothing is archived and the watermark stays behind.
    const lagging = { ...settings, now: new Date("2026-11-22T07:01:00Z") };
    const plan = planInstance(target, later, first, lagging);
    expect(plan.gaps).toHaveLength(1);
    const recorded = planNextState(
      target,
      { plan, outcomes: [], gaps: plan.gaps, instanceGone: false },
      first,
      NOW,
    );
    expect(planInstance(target, later, recorded, lagging).gaps).toEqual([]);
  });
});

describe("planNextState", () => {
  it("remembers archived versions and watermarks, and forgets old ones RDS no longer lists", () => {
    const old = stateAfter([hourly(1)], undefined, new Date("2026-11-10T02:00:00Z"));
    const next = stateAfter([hourly(10)], {
      ...old,
      archived: old.archived.map((a) => ({ ...a, lastWritten: at("2026-11-10T01:59:59Z") })),
    });
    expect(next.archived.map((a) => a.name)).toEqual(["error/postgresql.log.2026-11-22-10"]);
    expect(next.watermarks["error/postgresql.log"]).toBe(hourly(10).lastWritten);
  });

  it("keeps what a concurrent run archived when merging", () => {
    const theirs = stateAfter([hourly(9)]);
    const plan = planInstance(target, [hourly(9), hourly(10)], undefined, settings);
    const outcomes = [{ listed: hourly(10), archived: { file: hourly(10), key: "k10" } }];
    const mine = planNextState(target, { plan, outcomes, gaps: [], instanceGone: false }, theirs, NOW);
    expect(mine.archived.map((a) => a.name).sort()).toEqual([
      "error/postgresql.log.2026-11-22-09",
      "error/postgresql.log.2026-11-22-10",
    ]);
  });

  it("keeps failed files pending, so their disappearance is a gap later", () => {
    const plan = planInstance(target, [hourly(10)], undefined, settings);
    const outcomes = [{ listed: hourly(10), pending: hourly(10) }];
    const next = planNextState(target, { plan, outcomes, gaps: [], instanceGone: false }, undefined, NOW);
    expect(next.pending).toEqual([hourly(10)]);
  });
});

describe("planNextState: what a run found", () => {
  it("leaves a version lost mid-run out of pending, and records a successor still to archive", () => {
    const listing = [hourly(10), hourly(11)];
    const plan = planInstance(target, listing, undefined, settings);
    const successor = hourly(11, 300);
    const next = planNextState(
      target,
      {
        plan,
        outcomes: [{ listed: hourly(10) }, { listed: hourly(11), pending: successor }],
        gaps: [],
        instanceGone: false,
      },
      undefined,
      NOW,
    );
    expect(next.pending).toEqual([successor]);
  });

  it("awaits nothing from an instance that is gone, and says when it went", () => {
    const plan = planInstance(target, [hourly(10)], undefined, settings);
    const next = planNextState(target, { plan, outcomes: [], gaps: [], instanceGone: true }, undefined, NOW);
    expect(next).toMatchObject({ pending: [], goneAt: NOW.toISOString(), engine: "postgres" });
  });

  it("forgets reported gaps after the margin", () => {
    const old = {
      ...emptyInstanceState("us-east-1", "db-1"),
      reportedGaps: [{ id: "lost:a", at: at("2026-11-01T00:00:00Z") }],
    };
    const plan = planInstance(target, [], old, settings);
    const gap = { id: "lost:b", instance: "db-1", reason: "gone" };
    const next = planNextState(target, { plan, outcomes: [], gaps: [gap], instanceGone: false }, old, NOW);
    expect(next.reportedGaps).toEqual([{ id: "lost:b", at: NOW.getTime() }]);
  });
});
