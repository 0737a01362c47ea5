import { describe, expect, it } from "vitest";
import { isArchiverError } from "../../errors.js";
import { DEFAULT_KEY_TEMPLATE } from "../../keys/key-placeholders.js";
import { type LogFileKeyInput, renderLogFileKey } from "./render-log-file-key.js";

const HIVE_TEMPLATE =
  "{prefix}{engine}/{region}/{cluster}/year={yyyy}/month={mm}/day={dd}/hour={hh}/{instance}/{logType}/{file}.gz";

const at = (iso: string) => Date.parse(iso);

function version(overrides: Partial<LogFileKeyInput> = {}): LogFileKeyInput {
  return {
    prefix: "rds-logs/",
    cluster: "prod-cluster",
    instance: "prod-1",
    region: "us-east-1",
    engine: "postgres",
    logFileName: "error/postgresql.log.2026-11-20-10",
    size: 6278,
    lastWritten: at("2026-11-20T10:59:59.000Z"),
    ...overrides,
  };
}

const render = (overrides: Partial<LogFileKeyInput> = {}, template = DEFAULT_KEY_TEMPLATE) =>
  renderLogFileKey(template, version(overrides));

function expectSafe(key: string): void {
  expect(key.startsWith("/")).toBe(false);
  expect(key).not.toContain("//");
  for (const segment of key.split("/")) expect(["", ".", ".."]).not.toContain(segment);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
  expect(key).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
}

describe("renderLogFileKey", () => {
  it("ends a zstd object's key in .zst, and keeps .gz for a source stored as it is", () => {
    expect(render({ compression: "zstd" })).toBe(
      "rds-logs/prod-cluster/error/2026/11/20/10/prod-1/postgresql.log.2026-11-20-10_20261120T105959000Z_6278.zst",
    );
    expect(render({ compression: "zstd", logFileName: "error/postgresql.log.2026-11-20-10.gz" })).toMatch(
      /postgresql\.log\.2026-11-20-10_20261120T105959000Z_6278\.gz$/,
    );
    expect(render({ compression: "gzip" })).toBe(render());
  });

  it("renders the default template end to end", () => {
    expect(render()).toBe(
      "rds-logs/prod-cluster/error/2026/11/20/10/prod-1/postgresql.log.2026-11-20-10_20261120T105959000Z_6278.gz",
    );
  });

  it("takes the hour from LastWritten when the name has none", () => {
    expect(
      render({ logFileName: "error/mysql-error.log", lastWritten: at("2026-11-21T03:04:05.678Z") }),
    ).toBe("rds-logs/prod-cluster/error/2026/11/21/03/prod-1/mysql-error.log_20261121T030405678Z_6278.gz");
  });

  it("renders a Hive-style template", () => {
    expect(render({}, HIVE_TEMPLATE)).toBe(
      "rds-logs/postgres/us-east-1/prod-cluster/year=2026/month=11/day=20/hour=10/prod-1/error/postgresql.log.2026-11-20-10_20261120T105959000Z_6278.gz",
    );
  });

  it("does not double the .gz of a source that is already gzip", () => {
    const key = render({ logFileName: "error/postgresql.log.2026-11-20-1000.gz", size: 812 });
    expect(key).toBe(
      "rds-logs/prod-cluster/error/2026/11/20/10/prod-1/postgresql.log.2026-11-20-1000_20261120T105959000Z_812.gz",
    );
  });

  it("renders the same key for the same version every time", () => {
    expect(render()).toBe(render());
  });

  it("renders a different key when the size or LastWritten changes", () => {
    const keys = [
      render(),
      render({ size: 6279 }),
      render({ lastWritten: at("2026-11-20T10:59:59.001Z") }),
      render({ size: 6279, lastWritten: at("2026-11-20T10:59:59.001Z") }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("renders a renamed copy under the key it already has, and a new version under a new key", () => {
    const audit = {
      logFileName: "audit/server_audit.log.1",
      size: 1_000_123,
      lastWritten: at("2026-11-20T10:12:00Z"),
    };
    const renamed = render({ ...audit, logFileName: "audit/server_audit.log.2" });
    expect(render(audit)).toBe(renamed);
    expect(render({ ...audit, logFileName: "audit/server_audit.log" })).toBe(renamed);
    expect(renamed).toContain("/server_audit.log_20261120T101200000Z_1000123.gz");
    expect(render({ ...audit, lastWritten: at("2026-11-20T10:13:00Z") })).not.toBe(renamed);
  });

  it("renders a legacy mysql-slowquery.log.7 on two days under two keys", () => {
    const name = "slowquery/mysql-slowquery.log.7";
    const monday = render({ logFileName: name, lastWritten: at("2026-11-23T07:59:58Z") });
    const tuesday = render({ logFileName: name, lastWritten: at("2026-11-24T07:59:58Z") });
    expect(monday).toBe(
      "rds-logs/prod-cluster/slowquery/2026/11/23/07/prod-1/mysql-slowquery.log.7_20261123T075958000Z_6278.gz",
    );
    expect(tuesday).not.toBe(monday);
  });

  it("keeps SQL Server error logs of one family under one key when renamed", () => {
    const log = { logFileName: "log/ERROR", lastWritten: at("2026-11-20T00:00:01Z") };
    expect(render({ ...log, logFileName: "log/ERROR.4" })).toBe(render(log));
    expect(render(log)).toContain("/log/2026/11/20/00/prod-1/ERROR_20261120T000001000Z_6278.gz");
  });

  it.each([
    ["../../etc/passwd", "%2E%2E/", "..%2Fetc%2Fpasswd_"],
    ["a/./b", "/a/", ".%2Fb_"],
    ["./x", "/%2E/", "x_"],
    ["/etc/passwd", "/_/", "%2Fetc%2Fpasswd_"],
    ["_/passwd", "/%5F/", "passwd_"],
    ["error/100%.log", "/error/", "100%25.log_"],
    ["error\\..\\x.log", "/_/", "error%5C..%5Cx.log_"],
    ["error/a\u0000b\nc\u007f\u0085.log", "/error/", "a%00b%0Ac%7F%C2%85.log_"],
    ["error/my log.log", "/error/", "my log.log_"],
    ["エラー/ログ.log", "/エラー/", "ログ.log_"],
    ["error/\uD800x.log", "/error/", "%ED%A0%80x.log_"],
    ["mysql-error.log", "/_/", "mysql-error.log_"],
  ])("makes the hostile name %j safe", (logFileName, logTypePart, filePart) => {
    const key = render({ logFileName });
    expectSafe(key);
    expect(key).toContain(logTypePart);
    expect(key).toContain(`/prod-1/${filePart}`);
  });

  it("keeps values from RDS inside one segment", () => {
    const key = render({ cluster: "..", instance: "a/b", region: "", engine: "." }, HIVE_TEMPLATE);
    expectSafe(key);
    expect(key).toBe(
      "rds-logs/%2E/_/%2E%2E/year=2026/month=11/day=20/hour=10/a%2Fb/error/postgresql.log.2026-11-20-10_20261120T105959000Z_6278.gz",
    );
  });

  it("throws on an unknown placeholder, naming it and the known ones", () => {
    const call = () => render({}, "{prefix}{cluster}/{date}/{file}");
    expect(call).toThrow(/unknown placeholder \{date\}/);
    expect(call).toThrow(
      "{prefix} {cluster} {instance} {region} {engine} {logType} {file} {yyyy} {mm} {dd} {hh}",
    );
    try {
      call();
    } catch (error) {
      expect(isArchiverError(error) && error.code).toBe("CONFIG_INVALID");
    }
  });

  it.each(["{prefix}{instance/{file}", "{prefix}{instance}}/{file}"])(
    "throws on an unbalanced brace in %s",
    (t) => {
      expect(() => render({}, t)).toThrow(/unbalanced brace/);
    },
  );

  it.each([
    ["a leading slash", "/", DEFAULT_KEY_TEMPLATE],
    ["a double slash", "rds-logs//", DEFAULT_KEY_TEMPLATE],
    ["a .. segment", "rds-logs/../", DEFAULT_KEY_TEMPLATE],
    ["a trailing slash", "", "{instance}/{file}/"],
    ["a control character", "logs\n/", DEFAULT_KEY_TEMPLATE],
  ])("throws when the prefix or template produces %s", (_, prefix, template) => {
    expect(() => render({ prefix }, template)).toThrow(/renders/);
  });

  it.each([
    ["a negative size", { size: -1 }],
    ["a fractional size", { size: 1.5 }],
    ["a fractional LastWritten", { lastWritten: 1.5 }],
    ["a NaN LastWritten", { lastWritten: Number.NaN }],
  ])("throws on %s rather than render an ambiguous key", (_, overrides) => {
    expect(() => render(overrides)).toThrow(/cannot render a key/);
  });

  it("renders distinct keys for distinct versions and the same key for the same version", () => {
    let seed = 42;
    const next = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return (seed >>> 16) % n;
    };
    const fixedNames = [
      "error/postgresql.log.2026-11-20-10",
      "error/postgresql.log.2026-11-20-1000.gz",
      "error/postgresql.log.2026-11-20.csv",
      "error/mysql-error.log",
      "slowquery/mysql-slowquery.log.7",
      "audit/server_audit.log.3",
      "audit/audit.log.2.2026-11-20-10-00.1",
      "log/ERROR.4",
      "trace/alert_ORCL.log.2026-11-20",
    ];
    const alphabet = ["a", "b", "_", ".", "/", "%", "\\", "\u0000", " ", "ロ", "0", "25", "%2F", "\uDC00"];
    const randomName = () => {
      let name = "";
      for (let i = 0, n = 1 + next(8); i < n; i++) name += alphabet[next(alphabet.length)];
      return name.endsWith(".gz") ? `${name}x` : name;
    };
    const keyByVersion = new Map<string, string>();
    for (let i = 0; i < 1000; i++) {
      const v = {
        logFileName: next(3) === 0 ? (fixedNames[next(fixedNames.length)] as string) : randomName(),
        size: next(4),
        lastWritten: at("2026-11-20T00:00:00Z") + next(4) * 86_400_000 + next(3),
      };
      const key = render(v);
      expectSafe(key);
      const id = JSON.stringify(v);
      expect(keyByVersion.get(id) ?? key).toBe(key);
      keyByVersion.set(id, key);
    }
    expect(keyByVersion.size).toBeGreaterThan(500);
    expect(new Set(keyByVersion.values()).size).toBe(keyByVersion.size);
  });
});
