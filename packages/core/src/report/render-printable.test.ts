import { describe, expect, it } from "vitest";
import { renderPrintable } from "./render-printable.js";

describe("renderPrintable", () => {
  it("writes out the characters that act on a terminal or a runner log", () => {
    expect(renderPrintable("a.log\n::set-output name=x::y")).toBe("a.log\\n::set-output name=x::y");
    expect(renderPrintable("\u001b[31mred\r\t")).toBe("\\x1b[31mred\\r\\t");
    expect(renderPrintable("\u0000\u007f\u009b")).toBe("\\x00\\x7f\\x9b");
    expect(renderPrintable("right\u202eleft \u2028 \u2066")).toBe("right\\u202eleft \\u2028 \\u2066");
  });

  it("keeps everything else as it is, non-ASCII text included", () => {
    const text = "error/postgresql.log.2026-11-20-10 山田太郎 — ログ \\ back";
    expect(renderPrintable(text)).toBe(text);
  });
});
