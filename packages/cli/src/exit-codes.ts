/** The exit codes the README documents: scripts and schedulers branch on these. */
export const EXIT = {
  /** Everything archived (or planned) and no gap. */
  ok: 0,
  /** A file or target failed, or a gap was found (unless --no-fail-on-gap). */
  failed: 1,
  /** A usage or configuration error; nothing was done. */
  usage: 2,
  /** A bug: an error nothing expected (sysexits' EX_SOFTWARE). */
  internal: 70,
} as const;
