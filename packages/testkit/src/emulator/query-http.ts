/** Reading awsQuery request bodies and writing XML answers, for RDS and STS alike. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { EmulatorError } from "./emulator-error.js";

const MAX_QUERY_BODY_BYTES = 1024 * 1024;

export function sendXml(response: ServerResponse, status: number, xml: string, requestId: string): void {
  const body = Buffer.from(xml, "utf8");
  response.writeHead(status, {
    "content-type": "text/xml",
    "content-length": body.length,
    "x-amzn-requestid": requestId,
    vary: "Accept-Encoding",
  });
  response.end(body);
}

export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > MAX_QUERY_BODY_BYTES)
      throw new EmulatorError("RequestEntityTooLarge", 413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
