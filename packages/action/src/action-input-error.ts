/** A problem with what the workflow gave the action, named by the input the user typed. */
export class ActionInputError extends Error {
  readonly input: string;

  constructor(input: string, problem: string) {
    super(`input "${input}": ${problem}`);
    this.name = "ActionInputError";
    this.input = input;
  }
}
