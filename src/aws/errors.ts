// The one place AWS SDK errors become WorkbenchErrors: what failed, in the user's terms, what fixes it (as a hint and
// as a structured `fix`), and never a secret: what the service said is redacted and cut short before it is quoted.
import { CancelledError, isWorkbenchError, WorkbenchError, type Remedy } from '../core/errors';
import { redact } from '../core/redact';
import { SELECT_PROFILE_FIX, SELECT_PROFILE_HINT, type ProfileKind } from './profiles';

export interface ErrorContext {
  /** SDK operation name (GetApis). */
  operation: string;
  /** IAM service prefix (apigateway, logs, sts). */
  service: string;
  profile: string;
  region: string;
  /** Set when the endpoint is overridden (setting, profile endpoint_url, AWS_ENDPOINT_URL); shown without password. */
  endpointUrl?: string;
  /** How the profile gets its credentials, when it is in the shared files. */
  profileKind?: ProfileKind;
}

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string | undefined>; body?: unknown };
  cause?: unknown;
}

/** What the classifiers look at, read once from the SDK's error. */
interface Facts {
  readonly err: unknown;
  readonly ctx: ErrorContext;
  readonly name: string;
  readonly code: string;
  /** The raw message: matched against, never shown. */
  readonly raw: string;
  /** The message as it may be shown: redacted, on one line, cut short. */
  readonly message: string;
  readonly status: number | undefined;
  readonly contentType: string;
  /** "GetApis (dev · eu-west-1)". */
  readonly where: string;
}

type Classifier = (f: Facts) => WorkbenchError | undefined;

const NETWORK_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
];

/** How much of a service's message a WorkbenchError quotes. */
const MESSAGE_SHOWN = 400;

const ENDPOINT_FIX: Remedy = { label: 'Open the apigw.endpointUrl setting', setting: 'apigw.endpointUrl' };

/** The IAM action an API Gateway v2 operation needs: API Gateway authorises by HTTP verb. */
export function iamAction(service: string, operation: string): string {
  if (service !== 'apigateway') return `${service}:${operation}`;
  const verb = /^(Get)/.test(operation)
    ? 'GET'
    : /^(Create|Import|Tag)/.test(operation)
      ? 'POST'
      : /^(Update)/.test(operation)
        ? 'PATCH'
        : /^(Delete|Untag|Reset)/.test(operation)
          ? 'DELETE'
          : /^Reimport/.test(operation)
            ? 'PUT'
            : operation;
  return `apigateway:${verb}`;
}

/** What signs in again when an SSO session expired: the line for the CLI, the button's text for the editor. */
export function ssoLoginFix(profile: string): Remedy {
  return { label: 'Sign in with aws sso login', copyText: `aws sso login --profile ${profile}` };
}

/** A service's message, fit to show: secrets redacted (before the cut, so a cut cannot expose half of one), one line. */
export function shownMessage(raw: string): string {
  // Lines split and trimmed, not /\s*[\r\n]+\s*/: that pattern rereads a long run of spaces from each of them.
  const line = redact(raw)
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return line.length > MESSAGE_SHOWN ? `${line.slice(0, MESSAGE_SHOWN)}…` : line;
}

function facts(err: unknown, ctx: ErrorContext): Facts {
  const e = (err ?? {}) as SdkLikeError;
  const name = String(e.name ?? '');
  const raw = String(e.message ?? '');
  return {
    err,
    ctx,
    name,
    code: String(e.code ?? e.Code ?? name),
    raw,
    message: shownMessage(raw),
    status: e.$metadata?.httpStatusCode ?? e.$response?.statusCode,
    contentType: String(e.$response?.headers?.['content-type'] ?? e.$response?.headers?.['Content-Type'] ?? ''),
    where: `${ctx.operation} (${ctx.profile} · ${ctx.region})`,
  };
}

function error(code: WorkbenchError['code'], message: string, f: Facts, hint?: string, fix?: Remedy): WorkbenchError {
  return new WorkbenchError(code, message, {
    cause: f.err,
    ...(hint ? { hint } : {}),
    ...(fix ? { fix } : {}),
  });
}

const cancelled: Classifier = (f) =>
  f.name === 'AbortError' || f.code === 'ABORT_ERR' ? new CancelledError() : undefined;

/** A create whose first answer was lost (writeGuard.ts): classified like that failure, saying it may have happened. */
const uncertainWrite: Classifier = (f) => {
  if (f.name !== 'UncertainWriteError') return undefined;
  const inner = toWorkbenchError((f.err as { original?: unknown }).original, f.ctx);
  return error(
    inner.code,
    `${inner.message} ${f.ctx.operation} may have been applied all the same: its answer was lost.`,
    f,
    inner.hint,
    inner.fix,
  );
};

function isCredentialError(f: Facts): boolean {
  return (
    f.name === 'CredentialsProviderError' ||
    f.name === 'TokenProviderError' ||
    /Could not load credentials/i.test(f.raw)
  );
}

/**
 * The SDK's credential_process failure (a profile reached through source_profile; a profile of its own runs through
 * credentials.ts) is "Command failed: <the whole command line>\n<stderr>": shown as the profile and one stderr line.
 */
const credentialProcess: Classifier = (f) => {
  const m = /^Command failed:[^\n]*\n?([\s\S]*)$/.exec(f.raw);
  if (!isCredentialError(f) || !m) return undefined;
  const first = (m[1] ?? '').split(/\r?\n/).find((l) => l.trim() !== '');
  return error(
    'NoCredentials',
    `The credential_process of profile ${f.ctx.profile} (or of its source_profile) failed${first ? `: ${shownMessage(first).slice(0, 200)}` : '.'}`,
    f,
    `Run it in a terminal to see all it says (aws sts get-caller-identity --profile ${f.ctx.profile}), or choose another profile with ${SELECT_PROFILE_HINT}.`,
    { label: 'Check the profile in a terminal', copyText: `aws sts get-caller-identity --profile ${f.ctx.profile}` },
  );
};

/** Credentials that could not be resolved: before any request was sent. */
const credentials: Classifier = (f) => {
  if (!isCredentialError(f)) return undefined;
  const profile = f.ctx.profile;
  if (/sso|token/i.test(f.raw) && /expired|invalid|refresh/i.test(f.raw))
    return error(
      'ExpiredToken',
      `The SSO session of profile ${profile} has expired.`,
      f,
      `Run: aws sso login --profile ${profile}`,
      ssoLoginFix(profile),
    );
  if (/profile .* could not be found|does not exist|not found/i.test(f.raw))
    return error(
      'ProfileNotFound',
      `A profile that profile ${profile} needs is not in your AWS config or credentials file: ${f.message}`,
      f,
      `Choose another with ${SELECT_PROFILE_HINT}, or add it to ~/.aws/config.`,
      SELECT_PROFILE_FIX,
    );
  return error(
    'NoCredentials',
    `No AWS credentials for profile ${profile}: ${f.message || 'none found'}.`,
    f,
    `Choose another with ${SELECT_PROFILE_HINT}, or set up ~/.aws/credentials (aws configure) or IAM Identity Center (aws configure sso).`,
    SELECT_PROFILE_FIX,
  );
};

const expiredToken: Classifier = (f) => {
  if (
    !['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired'].includes(f.code) &&
    !/security token included in the request is expired/i.test(f.raw)
  )
    return undefined;
  const { profile, profileKind } = f.ctx;
  const sso = profileKind === 'sso';
  return error(
    'ExpiredToken',
    `The credentials of profile ${profile} have expired.`,
    f,
    sso
      ? `Run: aws sso login --profile ${profile}`
      : `Refresh the credentials of profile ${profile} (for SSO profiles: aws sso login --profile ${profile}).`,
    sso ? ssoLoginFix(profile) : undefined,
  );
};

const REJECTED_CREDENTIALS = [
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
];

const rejectedCredentials: Classifier = (f) =>
  REJECTED_CREDENTIALS.includes(f.code)
    ? error(
        'NoCredentials',
        `AWS rejected the credentials of profile ${f.ctx.profile} (${f.code}).`,
        f,
        `Check the access keys of profile ${f.ctx.profile}, or choose another with ${SELECT_PROFILE_HINT}.`,
        SELECT_PROFILE_FIX,
      )
    : undefined;

/**
 * An answer that is not AWS's wire format: an emulator or proxy that lacks the operation, most often an HTML page
 * (a 404 as much as a 500), which the SDK reports as "Unexpected token '<' … Deserialization error". Checked before
 * the status codes: an HTML 404 is not AWS saying a resource is missing.
 */
const notAnAwsAnswer: Classifier = (f) => {
  const html = /text\/html/i.test(f.contentType);
  const unparsable =
    f.name === 'SyntaxError' ||
    /Unexpected token|not valid JSON|Deserialization error|Unexpected end of JSON|Non-whitespace/i.test(f.raw);
  const bare5xx =
    f.status !== undefined &&
    f.status >= 500 &&
    (f.code === 'UnknownError' || f.name === 'Error' || /^\d+$/.test(f.code));
  if (!html && !unparsable && !bare5xx) return undefined;
  const { endpointUrl, operation, service, region } = f.ctx;
  const answer = `${f.status ? `HTTP ${f.status}` : 'an answer'} with ${html ? 'an HTML page' : 'a body'}`;
  if (endpointUrl)
    return error(
      'Unsupported',
      `The endpoint at ${endpointUrl} does not support ${operation}: it answered ${answer}, not an AWS response.`,
      f,
      "Emulators implement only part of AWS: use another endpoint for this feature, or clear apigw.endpointUrl (apigw: --endpoint-url) and the profile's endpoint_url to call AWS.",
      ENDPOINT_FIX,
    );
  return error(
    'Unsupported',
    `The ${service} endpoint in ${region} answered ${operation} with ${answer}, not an AWS response.`,
    f,
    'Something between you and AWS (a proxy) may have answered: check HTTPS_PROXY, or try again.',
  );
};

const accessDenied: Classifier = (f) => {
  if (
    ![
      'AccessDeniedException',
      'AccessDenied',
      'UnauthorizedOperation',
      'UnauthorizedException',
      'ForbiddenException',
    ].includes(f.code) &&
    f.status !== 403
  )
    return undefined;
  const action = /perform:\s*([\w-]+:[\w*]+)/.exec(f.raw)?.[1] ?? iamAction(f.ctx.service, f.ctx.operation);
  const resource = /on resource:\s*(arn:[^\s,]+)/.exec(f.raw)?.[1];
  return error(
    'AccessDenied',
    `Access denied: profile ${f.ctx.profile} may not call ${action}${resource ? ` on ${resource}` : ''} (${f.ctx.operation}).`,
    f,
    `Ask for the IAM permission ${action}, or choose another profile with ${SELECT_PROFILE_HINT}.`,
    { label: `Copy the IAM action ${action}`, copyText: action },
  );
};

const throttled: Classifier = (f) =>
  [
    'TooManyRequestsException',
    'ThrottlingException',
    'Throttling',
    'LimitExceededException',
    'RequestLimitExceeded',
  ].includes(f.code) || f.status === 429
    ? error('Throttled', `AWS throttled ${f.where} after retries.`, f, 'Wait a few seconds and try again.')
    : undefined;

const notFound: Classifier = (f) =>
  ['NotFoundException', 'ResourceNotFoundException'].includes(f.code) || f.status === 404
    ? error('NotFound', f.message || `${f.where}: not found.`, f, 'It may have been deleted: refresh the explorer.', {
        label: 'Refresh the explorer',
        command: { id: 'apigw.refreshExplorer' },
      })
    : undefined;

const conflict: Classifier = (f) =>
  ['ConflictException', 'ResourceAlreadyExistsException', 'OperationAbortedException'].includes(f.code) ||
  f.status === 409
    ? error('Conflict', f.message || `${f.where}: conflict.`, f)
    : undefined;

const badRequest: Classifier = (f) =>
  [
    'BadRequestException',
    'InvalidParameterException',
    'ValidationException',
    'InvalidParameterCombinationException',
    'SerializationException',
  ].includes(f.code) || f.status === 400
    ? error('BadRequest', `${f.ctx.operation} was refused: ${f.message || f.code}`, f)
    : undefined;

const network: Classifier = (f) => {
  const e = f.err as SdkLikeError | undefined;
  const errno = String((e?.cause as { code?: string } | undefined)?.code ?? e?.code ?? '');
  if (
    !NETWORK_CODES.includes(errno) &&
    f.name !== 'TimeoutError' &&
    !/socket hang up|ECONNRESET|ECONNREFUSED|getaddrinfo|network/i.test(f.raw)
  )
    return undefined;
  const { endpointUrl, service, region, operation } = f.ctx;
  const target = endpointUrl ?? `the ${service} endpoint in ${region}`;
  return error(
    'Network',
    `Could not reach ${target} for ${operation}: ${f.message || errno}.`,
    f,
    endpointUrl
      ? "Check that the endpoint is running, or clear the apigw.endpointUrl setting (apigw: --endpoint-url) and the profile's endpoint_url."
      : errno === 'ENOTFOUND'
        ? // A region that does not exist (a typo: us-eats-1) has no endpoint host: it fails exactly like this.
          `Check the region ${region} (apigw.region, apigw: --region, AWS_REGION or the profile's region), then your network connection or proxy.`
        : 'Check your network connection or proxy.',
    endpointUrl ? ENDPOINT_FIX : undefined,
  );
};

const serverError: Classifier = (f) =>
  f.status !== undefined && f.status >= 500
    ? error(
        'Unknown',
        `AWS failed ${f.where} (HTTP ${f.status} ${f.code}) after retries: ${f.message}`,
        f,
        'Try again in a moment.',
      )
    : undefined;

/** In order: the first that recognises the error classifies it. */
const CLASSIFIERS: Classifier[] = [
  cancelled,
  uncertainWrite,
  credentialProcess,
  credentials,
  expiredToken,
  rejectedCredentials,
  notAnAwsAnswer,
  accessDenied,
  throttled,
  notFound,
  conflict,
  badRequest,
  network,
  serverError,
];

/** One SDK call (`send`): the SDK retries, and a failure becomes one WorkbenchError for `ctx`. */
export async function mappingErrors<T>(ctx: ErrorContext, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    throw toWorkbenchError(err, ctx);
  }
}

/** The options of an SDK call that `signal` may abort. */
export function abortable(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

export function toWorkbenchError(err: unknown, ctx: ErrorContext): WorkbenchError {
  if (isWorkbenchError(err)) return err;
  const f = facts(err, ctx);
  for (const classify of CLASSIFIERS) {
    const mapped = classify(f);
    if (mapped) return mapped;
  }
  return error('Unknown', `${f.where} failed: ${f.message || f.code || 'unknown error'}`, f);
}
