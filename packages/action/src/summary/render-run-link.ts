/**
 * A markdown link to the GitHub Actions run, or undefined when its URL is unknown or not plainly
 * a URL (it comes from the runner's environment, which a step could have changed).
 */
export function renderRunLink(runUrl: string | undefined, label: string): string | undefined {
  if (runUrl === undefined || !/^https?:\/\/[^\s()<>[\]]+$/.test(runUrl)) return undefined;
  return `[${label}](${runUrl})`;
}
