/**
 * The repository stands alone: no tracked file points at something outside it (the workspace's
 * design notes and research files that were never part of it), every relative link in its
 * Markdown leads to a tracked file, and every `docs/….md` that a comment cites exists. It reads
 * what `git ls-files` lists, so it covers the committed bundles and workflows too.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((file) => file !== "" && existsSync(path.join(root, file)));

/** The text of a tracked file, or undefined for a binary one (a NUL in its first 8 KiB). */
function textOf(file: string): string | undefined {
  const bytes = readFileSync(path.join(root, file));
  return bytes.subarray(0, 8192).includes(0) ? undefined : bytes.toString("utf8");
}
const texts = new Map(
  tracked.flatMap((file) => {
    const text = textOf(file);
    return text === undefined ? [] : [[file, text] as const];
  }),
);

/** Ways a file has pointed outside the repository: the workspace's shared folder and its notes. */
const OUTSIDE = [
  /\.\.\/shared\b/,
  /\bshared\/(?:reference|DESIGN|STYLE)/,
  /(?<![\w./-])reference\/[\w-]+\.md/,
  /\b(?:DESIGN|STYLE)\.md\b/,
  // A numbered section of a notes file: a Markdown file name or "notes", then the section sign.
  /\.md\s*§|\bnotes,?\s*§/,
];

/** Each match of OUTSIDE in `text`, as "line N: excerpt". */
function outsideReferences(text: string): string[] {
  return text
    .split("\n")
    .flatMap((line, index) =>
      OUTSIDE.some((pattern) => pattern.test(line))
        ? [`line ${index + 1}: ${line.trim().slice(0, 120)}`]
        : [],
    );
}

describe("the repository", () => {
  it("is what git tracks, bundles and docs included", () => {
    expect(tracked).toEqual(
      expect.arrayContaining(["README.md", "LICENSE", "packages/action/dist/index.js"]),
    );
    expect(texts.size).toBeGreaterThan(100);
  });

  it("finds the references it looks for, so that finding none means something", () => {
    const seeded = [
      `see [the contract](${["..", "shared", "DESIGN"].join("/")}.md)`,
      `// per ${["shared", "reference", "aws-wire"].join("/")}.md`,
      `// the codes (${["reference", "aws-wire"].join("/")}.md ${"§"}1.4)`,
      `/** The exit codes of ${"DESIGN"}.md */`,
      `// (toolchain notes, ${"§"}6)`,
      `// level 6 (peers.md ${"§"}5.4)`,
    ];
    for (const line of seeded) expect(outsideReferences(line), line).toHaveLength(1);
    expect(outsideReferences("see docs/aws-wire-facts.md and packages/core/src/plan/render-key.ts")).toEqual(
      [],
    );
  });

  it("has no file that points outside it", () => {
    const found = [...texts].flatMap(([file, text]) =>
      outsideReferences(text).map((hit) => `${file} ${hit}`),
    );
    expect(found).toEqual([]);
  });

  it("links only to files it holds from its Markdown", () => {
    const files = new Set(tracked);
    const directories = new Set(tracked.flatMap((file) => ancestors(file)));
    const broken: string[] = [];
    for (const [file, text] of texts) {
      if (!file.endsWith(".md")) continue;
      for (const [, target = ""] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(?:[a-z]+:|#)/.test(target)) continue;
        const resolved = path.posix.normalize(
          path.posix.join(path.posix.dirname(file), target.split("#")[0] ?? ""),
        );
        if (!files.has(resolved) && !directories.has(resolved.replace(/\/$/, "")))
          broken.push(`${file} -> ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  // The action's bundle is left out here: the libraries in it cite their own repositories' docs/.
  it("holds every docs/ file that a file of its own cites", () => {
    const files = new Set(tracked);
    const own = [...texts].filter(([file]) => !file.startsWith("packages/action/dist/"));
    const missing = own.flatMap(([file, text]) =>
      [...text.matchAll(/\bdocs\/[\w./-]+\.md\b/g)].flatMap(([cited]) =>
        files.has(cited) ? [] : [`${file}: ${cited}`],
      ),
    );
    expect(missing).toEqual([]);
  });
});

/** The folders that hold `file`: `a/b/c.md` gives `a`, `a/b`. */
function ancestors(file: string): string[] {
  const parts = file.split("/").slice(0, -1);
  return parts.map((_, index) => parts.slice(0, index + 1).join("/"));
}
