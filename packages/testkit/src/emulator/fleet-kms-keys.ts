import { createFieldReader, withOptional } from "./fleet-fields.js";

/**
 * A symmetric KMS key the emulator's KMS serves (`ENCRYPT_DECRYPT`, `SYMMETRIC_DEFAULT`). Its ARN
 * is `arn:aws:kms:<emulator region>:<accountId>:key/<id>`.
 */
export interface KmsKeySpec {
  /** A key id as KMS makes them: a UUID, or `mrk-` and 32 hex digits for a multi-Region key. */
  id: string;
  /** The owning account; the emulator's account when absent. */
  accountId?: string;
  /** `alias/NAME` names that resolve to this key. */
  aliases?: string[];
  description?: string;
  /** `false`: every use answers `DisabledException`, as a disabled key does. */
  enabled?: boolean;
}

const KEY_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})$/;
const ALIAS = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const ACCOUNT = /^\d{12}$/;

export function parseKmsKeySpecs(raw: unknown, where: string, problems: string[]): KmsKeySpec[] {
  const read = createFieldReader(problems);
  const keys = read.objects(where, raw).map((k, i) => {
    const at = `${where}[${i}]`;
    const id = read.str(`${at}.id`, k.id);
    if (id !== "" && !KEY_ID.test(id))
      problems.push(`${at}.id: must be a KMS key id (a lowercase UUID or mrk-<32 hex>)`);
    const accountId = read.str(`${at}.accountId`, k.accountId, true);
    if (accountId !== undefined && !ACCOUNT.test(accountId))
      problems.push(`${at}.accountId: must be 12 digits`);
    const aliases = read.strings(`${at}.aliases`, k.aliases);
    aliases?.forEach((alias, j) => {
      if (!ALIAS.test(alias) || alias.startsWith("alias/aws/")) {
        problems.push(`${at}.aliases[${j}]: must be alias/NAME (not alias/aws/…)`);
      }
    });
    return withOptional(
      { id },
      {
        accountId,
        aliases,
        description: read.str(`${at}.description`, k.description, true),
        enabled: read.boolean(`${at}.enabled`, k.enabled),
      },
    );
  });
  const seen = new Set<string>();
  for (const name of keys.flatMap((k) => [k.id, ...(k.aliases ?? [])])) {
    if (seen.has(name)) problems.push(`${where}: "${name}" is defined twice`);
    seen.add(name);
  }
  return keys;
}
