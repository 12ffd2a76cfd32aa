// The one place AWS SDK errors become WorkbenchErrors: what failed, in the user's terms, and what fixes it.
import { CancelledError, isWorkbenchError, WorkbenchError } from '../core/errors';

export interface ErrorContext {
  /** SDK operation name (GetApis). */
  operation: string;
  /** IAM service prefix (apigateway, logs, sts). */
  service: string;
  profile: string;
  region: string;
  /** Set when the endpoint is overridden (setting, profile endpoint_url, AWS_ENDPOINT_URL). */
  endpointUrl?: string;
  /** The profile signs in through IAM Identity Center (SSO). */
  sso?: boolean;
}

interface SdkLikeError {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; body?: unknown };
  $responseBodyText?: string;
  cause?: unknown;
}

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

/** The same hints serve the editor and the apigw CLI, so they name both ways of choosing a profile. */
const SELECT_PROFILE = '"API Gateway: Select Profile" (apigw: --profile)';

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

function ssoLogin(ctx: ErrorContext): string {
  return `aws sso login --profile ${ctx.profile}`;
}

export function toWorkbenchError(err: unknown, ctx: ErrorContext): WorkbenchError {
  if (isWorkbenchError(err)) return err;
  const e = (err ?? {}) as SdkLikeError;
  const name = String(e.name ?? '');
  const code = String(e.code ?? e.Code ?? name);
  const message = String(e.message ?? '');
  const status = e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
  const where = `${ctx.operation} (${ctx.profile} · ${ctx.region})`;
  const cause = err;

  if (name === 'AbortError' || code === 'ABORT_ERR') return new CancelledError();
  // A create whose first answer was lost (writeGuard.ts): classified like that failure, saying it may have happened.
  if (name === 'UncertainWriteError') {
    const inner = toWorkbenchError((err as { original?: unknown }).original, ctx);
    return new WorkbenchError(
      inner.code,
      `${inner.message} ${ctx.operation} may have been applied all the same: its answer was lost.`,
      { hint: inner.hint, cause },
    );
  }

  // Credentials: resolved before any request is sent.
  if (
    name === 'CredentialsProviderError' ||
    name === 'TokenProviderError' ||
    /Could not load credentials/i.test(message)
  ) {
    if (/sso|token/i.test(message) && /expired|invalid|refresh/i.test(message)) {
      return new WorkbenchError('ExpiredToken', `The SSO session of profile ${ctx.profile} has expired.`, {
        hint: `Run: ${ssoLogin(ctx)}`,
        cause,
      });
    }
    if (/profile .* could not be found|does not exist|not found/i.test(message)) {
      return new WorkbenchError(
        'NoCredentials',
        `Profile ${ctx.profile} is not in your AWS config or credentials file.`,
        { hint: `Choose another with ${SELECT_PROFILE}, or add it to ~/.aws/config.`, cause },
      );
    }
    return new WorkbenchError(
      'NoCredentials',
      `No AWS credentials for profile ${ctx.profile}: ${message || 'none found'}.`,
      {
        hint: `Choose another with ${SELECT_PROFILE}, or set up ~/.aws/credentials (aws configure) or IAM Identity Center (aws configure sso).`,
        cause,
      },
    );
  }
  if (
    ['ExpiredTokenException', 'ExpiredToken', 'RequestExpired', 'TokenRefreshRequired'].includes(code) ||
    /security token included in the request is expired/i.test(message)
  ) {
    return new WorkbenchError('ExpiredToken', `The credentials of profile ${ctx.profile} have expired.`, {
      hint: ctx.sso
        ? `Run: ${ssoLogin(ctx)}`
        : `Refresh the credentials of profile ${ctx.profile} (for SSO profiles: ${ssoLogin(ctx)}).`,
      cause,
    });
  }
  if (
    [
      'UnrecognizedClientException',
      'InvalidClientTokenId',
      'InvalidSignatureException',
      'SignatureDoesNotMatch',
      'IncompleteSignature',
      'MissingAuthenticationToken',
    ].includes(code)
  ) {
    return new WorkbenchError('NoCredentials', `AWS rejected the credentials of profile ${ctx.profile} (${code}).`, {
      hint: `Check the access keys of profile ${ctx.profile}, or choose another with ${SELECT_PROFILE}.`,
      cause,
    });
  }
  if (
    [
      'AccessDeniedException',
      'AccessDenied',
      'UnauthorizedOperation',
      'UnauthorizedException',
      'ForbiddenException',
    ].includes(code) ||
    status === 403
  ) {
    const action = /perform:\s*([\w-]+:[\w*]+)/.exec(message)?.[1] ?? iamAction(ctx.service, ctx.operation);
    const resource = /on resource:\s*(\S+)/.exec(message)?.[1];
    return new WorkbenchError(
      'AccessDenied',
      `Access denied: profile ${ctx.profile} may not call ${action}${resource ? ` on ${resource}` : ''} (${ctx.operation}).`,
      { hint: `Ask for the IAM permission ${action}, or choose another profile with ${SELECT_PROFILE}.`, cause },
    );
  }
  if (
    [
      'TooManyRequestsException',
      'ThrottlingException',
      'Throttling',
      'LimitExceededException',
      'RequestLimitExceeded',
    ].includes(code) ||
    status === 429
  ) {
    return new WorkbenchError('Throttled', `AWS throttled ${where} after retries.`, {
      hint: 'Wait a few seconds and try again.',
      cause,
    });
  }
  if (['NotFoundException', 'ResourceNotFoundException'].includes(code) || status === 404) {
    return new WorkbenchError('NotFound', message || `${where}: not found.`, {
      hint: 'It may have been deleted: refresh the explorer.',
      cause,
    });
  }
  if (
    ['ConflictException', 'ResourceAlreadyExistsException', 'OperationAbortedException'].includes(code) ||
    status === 409
  ) {
    return new WorkbenchError('Conflict', message || `${where}: conflict.`, { cause });
  }
  if (
    [
      'BadRequestException',
      'InvalidParameterException',
      'ValidationException',
      'InvalidParameterCombinationException',
      'SerializationException',
    ].includes(code) ||
    status === 400
  ) {
    return new WorkbenchError('BadRequest', `${ctx.operation} was refused: ${message || code}`, { cause });
  }

  const errno = String((e.cause as { code?: string } | undefined)?.code ?? e.code ?? '');
  if (
    NETWORK_CODES.includes(errno) ||
    name === 'TimeoutError' ||
    /socket hang up|ECONNRESET|ECONNREFUSED|getaddrinfo|network/i.test(message)
  ) {
    const target = ctx.endpointUrl ?? `the ${ctx.service} endpoint in ${ctx.region}`;
    return new WorkbenchError('Network', `Could not reach ${target} for ${ctx.operation}: ${message || errno}.`, {
      hint: ctx.endpointUrl
        ? "Check that the endpoint is running, or clear the apigw.endpointUrl setting (and the profile's endpoint_url)."
        : 'Check your network connection or proxy.',
      cause,
    });
  }
  // An answer that is not AWS's wire format: an emulator or proxy that lacks the operation (often an HTML page).
  if (
    name === 'SyntaxError' ||
    /Unexpected token|not valid JSON|Deserialization error|Unexpected end of JSON|char \d+|Non-whitespace/i.test(
      message,
    ) ||
    (status !== undefined && status >= 500 && (code === 'UnknownError' || name === 'Error' || /^\d+$/.test(code)))
  ) {
    const target = ctx.endpointUrl ?? `the ${ctx.service} endpoint`;
    return new WorkbenchError(
      'Unsupported',
      `${target} does not support ${ctx.operation}: it answered${status ? ` HTTP ${status}` : ''} with a body that is not an AWS response.`,
      {
        hint: ctx.endpointUrl
          ? 'Emulators implement only part of AWS; use another endpoint for this feature.'
          : 'Try again; if it persists, check for a proxy in between.',
        cause,
      },
    );
  }
  if (status !== undefined && status >= 500) {
    return new WorkbenchError('Unknown', `AWS failed ${where} (HTTP ${status} ${code}) after retries: ${message}`, {
      hint: 'Try again in a moment.',
      cause,
    });
  }
  return new WorkbenchError('Unknown', `${where} failed: ${message || code || 'unknown error'}`, { cause });
}
