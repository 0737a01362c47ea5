/** A problem with what the workflow gave the action, named by the input the user typed. */
export class ActionInputError extends Error {
  constructor(input: string, problem: string) {
    super(`input "${input}": ${problem}`);
    this.name = "ActionInputError";
  }
}
