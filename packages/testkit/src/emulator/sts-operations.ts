/**
 * The STS actions the archiver's credential chain calls, on the emulator's own endpoint:
 * AssumeRoleWithWebIdentity (unsigned; GitHub OIDC) and AssumeRole (SigV4, service `sts`,
 * possibly chained from the first). Element names and errors follow docs/aws-wire-facts.md, "STS".
 */
import { EmulatorError } from "./emulator-error.js";
import type { QueryParams } from "./query-params.js";
import type { RecordedRequest } from "./request-log.js";
import type { EmulatorCredential } from "./sigv4-verifier.js";
import { ROLE_ARN, type StsOptions, type StsRole } from "./sts-options.js";
import { type StsSession, StsSessions } from "./sts-sessions.js";
import { type StsCaller, trustsPrincipal, trustsWebIdentity } from "./sts-trust.js";
import { verifyWebIdentityToken } from "./verify-web-identity-token.js";
import { element, leaf, type XmlNode } from "./xml.js";

export const STS_XMLNS = "https://sts.amazonaws.com/doc/2011-06-15/";
const STS_VERSION = "2011-06-15";
type StsAction = "AssumeRole" | "AssumeRoleWithWebIdentity";
export const STS_ACTIONS: ReadonlySet<string> = new Set<StsAction>([
  "AssumeRole",
  "AssumeRoleWithWebIdentity",
]);

const DEFAULT_DURATION_SECONDS = 3600;
const DEFAULT_MAX_SESSION_DURATION = 3600;
const ROLE_CHAINING_LIMIT_SECONDS = 3600;
const SESSION_NAME = /^[\w+=,.@-]*$/;

export interface StsService {
  readonly sessions: StsSessions;
  /** STS's clock, by which tokens are checked and credentials expire. */
  now(): Date;
  /**
   * Answers one action from `STS_ACTIONS` with its `<…Result>` content; `authenticate` checks the
   * request's SigV4 and is only called for the signed actions.
   */
  answer(
    action: string,
    params: QueryParams,
    authenticate: () => Promise<EmulatorCredential>,
  ): Promise<XmlNode>;
}

/** `accountId` is the account of static credentials that name none, for `:root` principals. */
export function createStsService(options: StsOptions, accountId: string): StsService {
  const roles = new Map((options.roles ?? []).map((role) => [role.roleArn, role]));
  const providers = options.oidcProviders ?? [];
  const now = options.now ?? (() => new Date());
  const sessions = new StsSessions();

  const issue = (role: StsRole, sessionName: string, durationSeconds: number, chained: boolean) => {
    const max = chained
      ? ROLE_CHAINING_LIMIT_SECONDS
      : (role.maxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION);
    if (durationSeconds > max) {
      throw validationError(
        chained
          ? "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."
          : "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      );
    }
    const expiration = new Date(now().getTime() + durationSeconds * 1000);
    return sessions.issue(role.roleArn, sessionName, expiration, role.fixedCredentials);
  };

  async function assumeRoleWithWebIdentity(params: QueryParams): Promise<XmlNode> {
    const { roleArn, sessionName, durationSeconds, token } = readAssumeParams(params, "WebIdentityToken");
    const identity = await verifyWebIdentityToken(token, providers, now());
    const role = roles.get(roleArn);
    if (!role || !trustsWebIdentity(role, identity)) {
      throw new EmulatorError("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    }
    const session = issue(role, sessionName, durationSeconds, false);
    // The docs say Provider holds `iss`; responses seen for OIDC providers carry the provider's ARN.
    const providerArn = `arn:aws:iam::${accountOf(roleArn)}:oidc-provider/${identity.provider.issuer.replace(/^https?:\/\//, "")}`;
    return [
      leaf("SubjectFromWebIdentityToken", identity.subject),
      leaf("Audience", identity.audience),
      renderAssumedRoleUser(session),
      renderCredentials(session),
      leaf("Provider", providerArn),
    ].join("");
  }

  async function assumeRole(params: QueryParams, authenticate: () => Promise<EmulatorCredential>) {
    const credential = await authenticate();
    const { roleArn, sessionName, durationSeconds } = readAssumeParams(params);
    const callerSession = sessions.find(credential.accessKeyId);
    const caller: StsCaller = callerSession
      ? {
          accessKeyId: credential.accessKeyId,
          accountId: accountOf(callerSession.roleArn),
          roleArn: callerSession.roleArn,
          assumedRoleArn: callerSession.assumedRoleArn,
        }
      : { accessKeyId: credential.accessKeyId, accountId: credential.accountId ?? accountId };
    const role = roles.get(roleArn);
    if (!role || !trustsPrincipal(role, caller)) {
      throw new EmulatorError(
        "AccessDenied",
        403,
        `User: ${caller.assumedRoleArn ?? caller.accessKeyId} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const session = issue(role, sessionName, durationSeconds, callerSession !== undefined);
    return renderAssumedRoleUser(session) + renderCredentials(session);
  }

  return {
    sessions,
    now,
    answer: async (action, params, authenticate) => {
      if (params.string("Version") !== STS_VERSION) {
        throw new EmulatorError(
          "InvalidAction",
          400,
          `Could not find operation ${action} for version ${params.string("Version")}`,
        );
      }
      // A record over StsAction: a new action cannot be listed in STS_ACTIONS without a handler.
      const handlers: Record<StsAction, () => Promise<XmlNode>> = {
        AssumeRole: () => assumeRole(params, authenticate),
        AssumeRoleWithWebIdentity: () => assumeRoleWithWebIdentity(params),
      };
      return handlers[action as StsAction]();
    },
  };
}

/** What a test may want to assert about an STS request: role, session name, duration and external id as sent. */
export function describeStsRequest(
  params: QueryParams,
): Pick<RecordedRequest, "roleArn" | "roleSessionName" | "durationSeconds" | "externalId"> {
  const roleArn = params.string("RoleArn");
  const roleSessionName = params.string("RoleSessionName");
  const duration = params.string("DurationSeconds");
  const externalId = params.string("ExternalId");
  return {
    ...(roleArn === undefined ? {} : { roleArn }),
    ...(roleSessionName === undefined ? {} : { roleSessionName }),
    ...(externalId === undefined ? {} : { externalId }),
    ...(duration !== undefined && /^\d+$/.test(duration) ? { durationSeconds: Number(duration) } : {}),
  };
}

/** Reads RoleArn, RoleSessionName and DurationSeconds, reporting every violation at once as STS does. */
function readAssumeParams(params: QueryParams, ...alsoRequired: string[]) {
  const problems: string[] = [];
  const required = (name: string) => {
    const value = params.string(name);
    if (value === undefined || value === "")
      problems.push(`Value null at '${member(name)}' failed to satisfy constraint: Member must not be null`);
    return value ?? "";
  };
  const roleArn = required("RoleArn");
  const sessionName = required("RoleSessionName");
  for (const name of alsoRequired) required(name);
  const constraint = (name: string, value: string, rule: string) =>
    problems.push(`Value '${value}' at '${member(name)}' failed to satisfy constraint: Member must ${rule}`);
  if (sessionName !== "" && sessionName.length < 2)
    constraint("RoleSessionName", sessionName, "have length greater than or equal to 2");
  if (sessionName.length > 64)
    constraint("RoleSessionName", sessionName, "have length less than or equal to 64");
  if (!SESSION_NAME.test(sessionName))
    constraint("RoleSessionName", sessionName, "satisfy regular expression pattern: [\\w+=,.@-]*");
  const token = params.string("WebIdentityToken");
  if (token !== undefined && token.length > 0 && token.length < 4)
    constraint("WebIdentityToken", "***", "have length greater than or equal to 4");
  if (token !== undefined && token.length > 20000)
    constraint("WebIdentityToken", "***", "have length less than or equal to 20000");
  const rawDuration = params.string("DurationSeconds");
  const durationSeconds = rawDuration === undefined ? DEFAULT_DURATION_SECONDS : Number(rawDuration);
  if (rawDuration !== undefined && !/^\d+$/.test(rawDuration))
    constraint("DurationSeconds", rawDuration, "be a whole number");
  else if (durationSeconds < 900)
    constraint("DurationSeconds", String(durationSeconds), "have value greater than or equal to 900");
  else if (durationSeconds > 43200)
    constraint("DurationSeconds", String(durationSeconds), "have value less than or equal to 43200");
  if (problems.length > 0) {
    const count = `${problems.length} validation error${problems.length === 1 ? "" : "s"} detected`;
    throw validationError(`${count}: ${problems.join("; ")}`);
  }
  if (!ROLE_ARN.test(roleArn)) throw validationError("Request ARN is invalid");
  return { roleArn, sessionName, durationSeconds, token: token ?? "" };
}

const validationError = (message: string) => new EmulatorError("ValidationError", 400, message);

/** The model's member name, as STS's validation messages spell it: `roleSessionName`. */
const member = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

const accountOf = (roleArn: string) => ROLE_ARN.exec(roleArn)?.[1] ?? "";

function renderAssumedRoleUser(session: StsSession): XmlNode {
  return element(
    "AssumedRoleUser",
    leaf("Arn", session.assumedRoleArn),
    leaf("AssumedRoleId", session.assumedRoleId),
  );
}

function renderCredentials(session: StsSession): XmlNode {
  return element(
    "Credentials",
    leaf("AccessKeyId", session.accessKeyId),
    leaf("SecretAccessKey", session.secretAccessKey),
    leaf("SessionToken", session.sessionToken),
    leaf("Expiration", session.expiration.toISOString().replace(/\.\d{3}Z$/, "Z")),
  );
}
