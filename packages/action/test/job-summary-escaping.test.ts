import { describe, expect, it } from "vitest";
import { renderCell } from "../src/summary/render-cell.js";
import { MALICIOUS_LOG_FILE, oneInstanceReport, troubledFleetReport } from "./support/report-builders.js";
import { cells, renderSummary, tableRows } from "./support/summary-markdown.js";

describe("renderJobSummary escaping", () => {
  it("keeps a hostile log file name in its cell, as text", () => {
    const markdown = renderSummary(troubledFleetReport());
    const row = tableRows(markdown, "Failures")[1] ?? "";
    expect(cells(row)).toHaveLength(5);
    expect(row.match(/\|/g)).toHaveLength(6);
    expect(markdown).not.toMatch(/<script|<\/script|`x`/);
    expect(cells(row)[1]).toBe(
      "error/a&#124;b&lt;script&gt;alert(1)&lt;/script&gt;&#96;x&#96; &#124; c &#124;",
    );
    expect(MALICIOUS_LOG_FILE).toContain("\n");
  });

  it("escapes whatever GFM, GitHub or HTML would read as markup", () => {
    expect(renderCell("a|b<i>&`c`*d*_e_[f](g) ~~h~~ $x$ :smile: @team #12 \\")).toBe(
      "a&#124;b&lt;i&gt;&amp;&#96;c&#96;&#42;d&#42;&#95;e&#95;&#91;f&#93;(g) &#126;&#126;h&#126;&#126; &#36;x&#36; &#58;smile&#58; &#64;team &#35;12 &#92;",
    );
    expect(renderCell("see www.example.com")).toBe("see www&#46;example.com");
  });

  it("keeps everything on one line and replaces what cannot be shown", () => {
    expect(renderCell("a\r\nb\nc\rd\u2028e\tf")).toBe("a b c d e f");
    expect(renderCell("nul\u0000 esc\u001b del\u007f")).toBe("nul\ufffd esc\ufffd del\ufffd");
    // A right-to-left override would make the name display in another order than it is stored.
    expect(renderCell("log\u202egpj.exe")).toBe("log\ufffdgpj.exe");
    expect(renderCell("lone \ud800 half, pair \ud83d\ude00")).toBe("lone \ufffd half, pair \ud83d\ude00");
  });

  it("cuts a long value with an ellipsis, never inside a surrogate pair or an escape", () => {
    expect(renderCell("abcdef", 4)).toBe("abc…");
    expect(renderCell("ab\ud83d\ude00cd", 4)).toBe("ab…");
    expect(renderCell("ab<<<<", 4)).toBe("ab&lt;…");
    const huge = renderSummary(
      oneInstanceReport({
        instance: "db-1",
        logFile: "x",
        outcome: "failed",
        error: { code: "INTERNAL", message: "m".repeat(1_000_000) },
      }),
    );
    expect(Buffer.byteLength(huge)).toBeLessThan(5000);
  });
});
