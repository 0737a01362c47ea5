import * as github from "@actions/github";

/** The run's page, from the runner's context; undefined outside a runner. */
export function readRunUrl(): string | undefined {
  const { serverUrl, runId } = github.context;
  const repository = process.env.GITHUB_REPOSITORY;
  if (!serverUrl || !runId || !repository) return undefined;
  return `${serverUrl}/${repository}/actions/runs/${runId}`;
}
