// AWS Lambda as the pinned @aws-sdk/client-lambda speaks it (REST-JSON): GetFunctionConfiguration,
// `GET /2015-03-31/functions/{FunctionName}/configuration?Qualifier=…`
// (https://docs.aws.amazon.com/lambda/latest/api/API_GetFunctionConfiguration.html), over functions seeded per
// region, each with its LoggingConfig (https://docs.aws.amazon.com/lambda/latest/api/API_LoggingConfig.html): a
// function logs to /aws/lambda/NAME unless its LoggingConfig names another group. Errors as Lambda sends them: the
// code in `x-amzn-ErrorType`, `{ Type, Message }` in the body; a function not seeded is ResourceNotFoundException
// (404). A Qualifier (or `NAME:QUALIFIER`) names a published version or an alias: GetFunctionConfiguration answers
// that version's settings — a version keeps the configuration it was published with
// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-versions.html), an alias answers the version it points
// to (https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html) — and an unknown one is
// ResourceNotFoundException. `lambdaDenial()` is the fault rule that refuses the call as IAM does (403 AccessDeniedException).
import { AwsError, type Json, type ServiceRequest, type ServiceResponse } from './common';
import type { FaultRule } from './faults';

export const LAMBDA_PATH = '/2015-03-31/functions/';

export interface SeedFunction {
  FunctionName: string;
  region?: string;
  /** Where it logs: LogGroup unset is /aws/lambda/NAME, as AWS answers for a function with the default. */
  LoggingConfig?: { LogGroup?: string; LogFormat?: 'Text' | 'JSON' };
  /**
   * Aliases and versions with $LATEST's configuration. Any qualifier not here, in `versions` or in `aliases` is
   * ResourceNotFoundException; when none of the three is given, every qualifier resolves (an account's functions).
   */
  qualifiers?: string[];
  /** Published versions, by number, each with the LoggingConfig it was published with (unset: $LATEST's). */
  versions?: Record<string, { LoggingConfig?: SeedFunction['LoggingConfig'] }>;
  /** Aliases, each naming the version it points to (a key of `versions`, or `$LATEST`). */
  aliases?: Record<string, string>;
}

/** The version a qualifier names (an alias followed), or undefined when the function has no such qualifier. */
function versionOf(f: SeedFunction, qualifier: string | undefined): string | undefined {
  if (!qualifier || qualifier === '$LATEST') return '$LATEST';
  const alias = f.aliases?.[qualifier];
  if (alias !== undefined) return alias;
  if (f.versions?.[qualifier]) return qualifier;
  if (f.qualifiers?.includes(qualifier)) return /^\d+$/.test(qualifier) ? qualifier : '$LATEST';
  const declares = f.qualifiers !== undefined || f.versions !== undefined || f.aliases !== undefined;
  return declares ? undefined : /^\d+$/.test(qualifier) ? qualifier : '$LATEST';
}

/** Lambda's limits on the request (API_GetFunctionConfiguration.html, Request URI Parameters). */
const MAX_FUNCTION_NAME = 170;
const MAX_QUALIFIER = 128;
const NAME = /^[a-zA-Z0-9_.-]{1,140}$/;
const QUALIFIER = /^[a-zA-Z0-9$_-]{1,128}$/;
const ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([^:]+)(?::([^:]+))?$/;
const PARTIAL = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/;

/** The operation a request names, as the call log records it. */
export function lambdaOperation(method: string, path: string): string {
  return method === 'GET' && /^\/2015-03-31\/functions\/[^/]+\/configuration$/.test(path)
    ? 'GetFunctionConfiguration'
    : `${method} ${path}`;
}

/** The request's members as the call log records them: the path's FunctionName, decoded. */
export function lambdaParams(path: string): Json {
  const segment = path.slice(LAMBDA_PATH.length).split('/')[0] ?? '';
  try {
    return { FunctionName: decodeURIComponent(segment) };
  } catch {
    return { FunctionName: segment };
  }
}

/** The body Lambda sends with an error (its code goes in `x-amzn-ErrorType`). */
export function lambdaErrorWire(e: AwsError): Json {
  return { Type: e.status < 500 ? 'User' : 'Service', Message: e.message, ...e.extra };
}

/** The fault rule that denies GetFunctionConfiguration as IAM does when no policy allows it. */
export function lambdaDenial(principal = 'arn:aws:iam::123456789012:user/localaws'): FaultRule {
  return {
    operation: 'GetFunctionConfiguration',
    kind: 'error',
    status: 403,
    code: 'AccessDeniedException',
    message: `User: ${principal} is not authorized to perform: lambda:GetFunctionConfiguration because no identity-based policy allows the lambda:GetFunctionConfiguration action`,
  };
}

const validation = (value: string, member: string, constraint: string) =>
  new AwsError(
    400,
    'ValidationException',
    `1 validation error detected: Value '${value.slice(0, 200)}' at '${member}' failed to satisfy constraint: ${constraint}`,
  );

const notFound = (arn: string) => new AwsError(404, 'ResourceNotFoundException', `Function not found: ${arn}`);

interface Wanted {
  name: string;
  qualifier?: string;
  region: string;
  account: string;
}

/** FunctionName as a name, a partial ARN or an ARN, with a qualifier in it or in `Qualifier`. */
function wanted(req: ServiceRequest): Wanted {
  const given = String(lambdaParams(req.path).FunctionName);
  if (given.length < 1 || given.length > MAX_FUNCTION_NAME)
    throw validation(given, 'functionName', `Member must have length between 1 and ${MAX_FUNCTION_NAME}`);
  const query = req.query.get('Qualifier') ?? undefined;
  if (query !== undefined && (query.length > MAX_QUALIFIER || !QUALIFIER.test(query)))
    throw validation(query, 'qualifier', 'Member must satisfy regular expression pattern: (|[a-zA-Z0-9$_-]+)');
  const arn = ARN.exec(given);
  const partial = arn ? undefined : PARTIAL.exec(given);
  const [name, inName, region, account] = arn
    ? [arn[3]!, arn[4], arn[1]!, arn[2]!]
    : partial
      ? [partial[2]!, partial[3], req.region, partial[1]!]
      : [given.split(':')[0]!, given.split(':')[1], req.region, req.account];
  if (!NAME.test(name)) throw validation(given, 'functionName', 'Member must satisfy the function name pattern');
  if (inName !== undefined && query !== undefined && inName !== query)
    throw new AwsError(
      400,
      'InvalidParameterValueException',
      'The derived qualifier from the function name does not match the specified qualifier.',
    );
  const qualifier = query ?? inName;
  return { name, ...(qualifier ? { qualifier } : {}), region, account };
}

/** The functions of each region, and GetFunctionConfiguration over them. */
export class Lambda {
  private readonly regions = new Map<string, Map<string, SeedFunction>>();

  reset(): void {
    this.regions.clear();
  }

  seed(region: string, f: SeedFunction): void {
    let functions = this.regions.get(region);
    if (!functions) this.regions.set(region, (functions = new Map()));
    functions.set(f.FunctionName, f);
  }

  handle(operation: string, req: ServiceRequest): ServiceResponse {
    if (operation !== 'GetFunctionConfiguration')
      throw new AwsError(404, 'UnknownOperationException', `Unknown operation ${req.method} ${req.path}`);
    return { status: 200, body: this.configuration(req) };
  }

  private configuration(req: ServiceRequest): Json {
    const w = wanted(req);
    const base = `arn:aws:lambda:${w.region}:${w.account}:function:${w.name}`;
    const arn = w.qualifier ? `${base}:${w.qualifier}` : base;
    const f =
      w.region === req.region && w.account === req.account ? this.regions.get(w.region)?.get(w.name) : undefined;
    const version = f ? versionOf(f, w.qualifier) : undefined;
    if (!f || version === undefined) throw notFound(arn);
    const logging = f.versions?.[version]?.LoggingConfig ?? f.LoggingConfig;
    return {
      FunctionName: w.name,
      FunctionArn: arn,
      Runtime: 'nodejs20.x',
      Role: `arn:aws:iam::${w.account}:role/${w.name}-role`,
      Handler: 'index.handler',
      CodeSize: 1024,
      Description: '',
      Timeout: 3,
      MemorySize: 128,
      LastModified: '2024-01-01T00:00:00.000+0000',
      Version: version,
      State: 'Active',
      PackageType: 'Zip',
      Architectures: ['x86_64'],
      LoggingConfig: {
        LogFormat: logging?.LogFormat ?? 'Text',
        LogGroup: logging?.LogGroup ?? `/aws/lambda/${w.name}`,
      },
    };
  }
}
