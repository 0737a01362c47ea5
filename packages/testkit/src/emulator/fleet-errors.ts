/** A fleet definition that cannot be served; the message lists every problem with its path. */
export class InvalidFleetError extends Error {
  override name = "InvalidFleetError";

  readonly source: string;
  readonly problems: readonly string[];

  constructor(source: string, problems: readonly string[]) {
    super(`${source} is not a valid fleet:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.source = source;
    this.problems = problems;
  }
}

export const invalidFleet = (source: string, problems: readonly string[]) =>
  new InvalidFleetError(source, problems);
