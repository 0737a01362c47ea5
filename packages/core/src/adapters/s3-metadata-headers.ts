/**
 * S3 metadata travels as `x-amz-meta-*` headers, whose values must be printable ASCII; a log file
 * name need not be. These encode a metadata record for the headers and decode it back.
 */
/**
 * Header values must be printable ASCII; a log file name need not be. Percent-encode `%`, control
 * and non-ASCII characters, so that plain names stay readable in the console.
 */
export function toHeaderValues(record: Record<string, string>): Record<string, string> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to encode
  const unsafe = /[%\u0000-\u001f\u007f-\u{10ffff}]+/gu;
  return Object.fromEntries(
    Object.entries(record).map(([name, value]) => [
      name,
      value.replace(unsafe, (run) => encodeURIComponent(run)),
    ]),
  );
}

export function fromHeaderValues(
  record: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (record === undefined) return undefined;
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  };
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, decode(value)]));
}
