import { renderBytes, renderPrintable, type VerifyProgressEvent } from "@rds-log-archive/core";

/** What the user sees while verify reads the archive. */
export interface VerifyProgress {
  onProgress(event: VerifyProgressEvent): void;
  stop(): void;
}

/**
 * On a terminal: one line, rewritten at most a few times a second, with the objects read, the
 * bad ones and the bytes. Elsewhere (CI logs): a line for each bad object as it is found. With
 * --quiet: nothing.
 */
export function createVerifyProgress(options: {
  stream: NodeJS.WriteStream;
  quiet: boolean;
}): VerifyProgress {
  const { stream } = options;
  if (options.quiet) return { onProgress: () => {}, stop: () => {} };
  if (!stream.isTTY) {
    return {
      onProgress(event) {
        if (event.type === "verify-object" && !event.ok) stream.write(`bad ${renderPrintable(event.key)}\n`);
      },
      stop: () => {},
    };
  }
  let checked = 0;
  let bad = 0;
  let bytes = 0;
  let drawn = 0;
  const draw = () => {
    drawn = performance.now();
    stream.write(`\r\x1b[2Kverifying: ${checked} objects, ${bad} bad, ${renderBytes(bytes)} read`);
  };
  return {
    onProgress(event) {
      if (event.type !== "verify-object") return;
      checked++;
      bytes += event.bytes;
      if (!event.ok) bad++;
      if (performance.now() - drawn > 200) draw();
    },
    stop() {
      if (checked > 0) {
        draw();
        stream.write("\n");
      }
    },
  };
}
