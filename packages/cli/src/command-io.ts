/** What a command reads and writes besides its arguments; tests and the entry inject these. */
export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
  now: () => Date;
}
