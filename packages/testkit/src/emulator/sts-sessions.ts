import { createHash, randomBytes } from "node:crypto";
import type { EmulatorCredential } from "./sigv4-verifier.js";
import { ROLE_ARN } from "./sts-options.js";

/** Temporary credentials STS handed out, with who they stand for. */
export interface StsSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** Whole seconds, as STS sends it. */
  readonly expiration: Date;
  /** The role assumed: `arn:aws:iam::ACCOUNT:role/NAME`. */
  readonly roleArn: string;
  /** `arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION` */
  readonly assumedRoleArn: string;
  /** `AROA…:SESSION` */
  readonly assumedRoleId: string;
  readonly sessionName: string;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The sessions STS has issued. The emulator accepts their keys (with their session token, until
 * they expire) alongside its static credentials; fixed-credential roles are not kept here.
 */
export class StsSessions {
  readonly #sessions = new Map<string, StsSession>();

  /**
   * Builds a session for `roleArn`. With `fixed`, the keys are those of another store and are
   * not added to what the emulator accepts; the session token is fresh either way.
   */
  issue(
    roleArn: string,
    sessionName: string,
    expiration: Date,
    fixed?: { accessKeyId: string; secretAccessKey: string },
  ): StsSession {
    const [, accountId, roleName] = ROLE_ARN.exec(roleArn) ?? [];
    const session: StsSession = {
      accessKeyId: fixed?.accessKeyId ?? `ASIA${randomBase32(16)}`,
      secretAccessKey: fixed?.secretAccessKey ?? randomBytes(30).toString("base64"),
      sessionToken: randomBytes(120).toString("base64"),
      expiration: new Date(Math.floor(expiration.getTime() / 1000) * 1000),
      roleArn,
      assumedRoleArn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
      assumedRoleId: `${roleId(roleArn)}:${sessionName}`,
      sessionName,
    };
    if (fixed === undefined) this.#sessions.set(session.accessKeyId, session);
    return session;
  }

  find(accessKeyId: string): StsSession | undefined {
    return this.#sessions.get(accessKeyId);
  }

  /** Every issued key, expired ones too, so that a late request is told its token expired. */
  credentials(): EmulatorCredential[] {
    return [...this.#sessions.values()].map(({ accessKeyId, secretAccessKey, sessionToken, expiration }) => ({
      accessKeyId,
      secretAccessKey,
      sessionToken,
      expiration,
    }));
  }
}

/** IAM's unique role id: `AROA` and 17 characters, stable for a role ARN. */
function roleId(roleArn: string): string {
  const digest = createHash("sha256").update(roleArn).digest();
  return `AROA${[...digest.subarray(0, 17)].map((b) => BASE32[b % 32]).join("")}`;
}

function randomBase32(length: number): string {
  return [...randomBytes(length)].map((b) => BASE32[b % 32]).join("");
}
