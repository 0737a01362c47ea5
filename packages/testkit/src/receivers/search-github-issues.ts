import type { StoredIssue, StoredRepo } from "./github-issues.js";

/**
 * The issues `GET /search/issues` finds for `q`. Understood: `repo:o/r`, `is:open|closed`
 * (`is:issue` matches every issue), `state:`, `label:`, `author:`, `in:title|body`, and words or
 * "quoted phrases", all of which must occur (case-insensitive). Unlike GitHub's index, the
 * stand-in finds an issue the moment it is written.
 */
export function searchGitHubIssues(
  repos: readonly StoredRepo[],
  query: string,
): { repo: StoredRepo; issue: StoredIssue }[] {
  const terms = [...query.matchAll(/(\w+):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g)];
  const qualifiers = terms
    .filter((t) => t[1])
    .map((t) => [t[1] as string, (t[2] as string).replace(/^"|"$/g, "")] as const);
  const words = terms.filter((t) => !t[1]).map((t) => (t[3] ?? t[4] ?? "").toLowerCase());
  const where = qualifiers.filter(([key]) => key === "in").map(([, value]) => value);
  const matches = (repo: StoredRepo, issue: StoredIssue) =>
    qualifiers.every(([key, value]) => {
      if (key === "repo") return `${repo.owner}/${repo.name}`.toLowerCase() === value.toLowerCase();
      if (key === "is" && (value === "open" || value === "closed")) return issue.state === value;
      if (key === "state") return issue.state === value;
      if (key === "label") return issue.labels.includes(value);
      if (key === "author") return issue.user.login === value;
      return true;
    });
  const contains = (issue: StoredIssue) => {
    const haystack = [
      where.length === 0 || where.includes("title") ? issue.title : "",
      where.length === 0 || where.includes("body") ? (issue.body ?? "") : "",
    ]
      .join("\n")
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  return repos.flatMap((repo) =>
    repo.issues.filter((issue) => matches(repo, issue) && contains(issue)).map((issue) => ({ repo, issue })),
  );
}
