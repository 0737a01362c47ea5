/**
 * Just enough XML writing for awsQuery responses. Text is sent as raw UTF-8 with only `& < >`
 * escaped, as RDS does; numeric character references would be mis-decoded by the JS SDK for
 * astral characters (docs/aws-wire-facts.md, "XML text as the JS SDK reads it").
 */
export type XmlNode = string;

export function escapeXmlText(value: string): string {
  return value.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** An element whose children are already-rendered nodes. Undefined children are dropped. */
export function element(name: string, ...children: (XmlNode | undefined)[]): XmlNode {
  const inner = children.filter((c): c is string => c !== undefined).join("");
  return inner === "" ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

/** An element holding one text value, or nothing at all when the value is undefined. */
export function leaf(name: string, value: string | number | boolean | undefined): XmlNode | undefined {
  if (value === undefined) return undefined;
  return `<${name}>${escapeXmlText(String(value))}</${name}>`;
}

export const RDS_XMLNS = "http://rds.amazonaws.com/doc/2014-10-31/";

/** `<OpResponse><OpResult>…</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>` */
export function renderQuerySuccess(
  operation: string,
  result: XmlNode,
  requestId: string,
  xmlns = RDS_XMLNS,
): string {
  return (
    `<${operation}Response xmlns="${xmlns}">` +
    `<${operation}Result>${result}</${operation}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${operation}Response>`
  );
}

/** The awsQuery error body: `RequestId` is a direct child of `ErrorResponse`, not of `Error`. */
export function renderQueryError(
  error: { type: "Sender" | "Receiver"; code: string; message: string },
  requestId: string,
  xmlns = RDS_XMLNS,
): string {
  return (
    `<ErrorResponse xmlns="${xmlns}"><Error>` +
    `<Type>${error.type}</Type><Code>${escapeXmlText(error.code)}</Code><Message>${escapeXmlText(error.message)}</Message>` +
    `</Error><RequestId>${requestId}</RequestId></ErrorResponse>`
  );
}
