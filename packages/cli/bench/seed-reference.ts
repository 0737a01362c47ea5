/**
 * The seed-000 way of archiving, for the bench to compare with (`node bench-dist/seed-reference.js
 * BUCKET PREFIX`, with the same environment as the CLI): every instance, one file after the other,
 * a HeadObject per file, the whole file downloaded into memory, gzipped at level 9 in one piece
 * and put with one PutObject. No state, no concurrency, no streaming. Prints the bytes it read and
 * wrote as JSON.
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createRdsPort } from "@rds-log-archive/core";

const gzipAsync = promisify(gzip);
const [bucket = "bench", prefix = "seed/"] = process.argv.slice(2);
const region = process.env.AWS_REGION ?? "us-east-1";
const rds = createRdsPort({ region });
const s3 = new S3Client({ region, forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED" });
let archived = 0;
let bytesIn = 0;
let bytesOut = 0;
for (const instance of await rds.listInstances()) {
  for (const file of await rds.listLogFiles(instance.id)) {
    const key = `${prefix}${instance.id}/${file.name}.gz`;
    const exists = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => true,
      () => false,
    );
    if (exists) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await rds.downloadLogFile(instance.id, file.name)) chunks.push(chunk as Buffer);
    const source = Buffer.concat(chunks);
    const body = await gzipAsync(source, { level: 9 });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    archived++;
    bytesIn += source.length;
    bytesOut += body.length;
  }
}
s3.destroy();
console.log(JSON.stringify({ totals: { archived, bytesIn, bytesOut, failed: 0 } }));
