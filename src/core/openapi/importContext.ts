// What the parts of the import share: the document (as written and dereferenced), the diagnostics, the options,
// and where each part of the spec came from, so that a problem the spec engine finds in the imported spec is
// reported at its place in the OpenAPI document.
import type { GatewaySpec, VpcLink } from '../gatewaySpec';
import { templatize } from '../deploy/pull';
import type { DiagnosticList } from './diagnostics';
import { fromAwsVariables, type Json } from './values';

export interface ImportOptions {
  /** Decides JSON or YAML for text (`.json`, `.yaml`/`.yml`; else by the first character). */
  fileName?: string;
  /**
   * An existing spec of the same API (the file being updated): what OpenAPI cannot carry — stages, VPC links,
   * domains, route throttling, integration names and descriptions, `ipAddressType`… — is taken from it.
   */
  base?: GatewaySpec;
  /**
   * The VPC links that private integrations' `connectionId`s name, by VPC link id, as the caller found them in AWS
   * (GetVpcLinks): the import gives the integration the link's name and adds the link to `vpcLinks`.
   */
  vpcLinks?: Record<string, { name: string; link: VpcLink }>;
  /** Account and region to write as `${aws:accountId}` / `${aws:region}` inside ARNs and queue URLs, as pull does. */
  aws?: { region: string; accountId: string };
}

export interface ImportContext {
  /** The document as written (for the names of `$ref`ed integrations). */
  raw: Json;
  /** The document with its internal `$ref`s resolved. */
  doc: Json;
  /** The OpenAPI version it is written in (3.1 lets a `$ref` carry its own summary and description). */
  minor: '3.0' | '3.1';
  diags: DiagnosticList;
  options: ImportOptions;
  /** Spec path (`routes/GET \/x`) → the OpenAPI path it came from. */
  origins: Map<string, string[]>;
  /** `${AWS::Partition}` is reported once. */
  partitionReported?: boolean;
}

export function specKey(path: ReadonlyArray<string | number>): string {
  return path.map((s) => String(s).replace(/\\/g, '\\\\').replace(/\//g, '\\/')).join('/');
}

/** Records that the spec element at `specPath` came from `openApiPath` (the first origin wins). */
export function recordOrigin(
  ctx: ImportContext,
  specPath: ReadonlyArray<string | number>,
  openApiPath: string[],
): void {
  const key = specKey(specPath);
  if (!ctx.origins.has(key)) ctx.origins.set(key, openApiPath);
}

/** The OpenAPI path of a spec element: its own origin, else its nearest recorded ancestor's, else the root. */
export function originOf(ctx: ImportContext, specPath: ReadonlyArray<string | number>): string[] {
  for (let n = specPath.length; n > 0; n--) {
    const found = ctx.origins.get(specKey(specPath.slice(0, n)));
    if (found) return found;
  }
  return [];
}

/**
 * A string value as the spec writes it: AWS's import variables as the spec's (`${AWS::Region}` → `${aws:region}`,
 * `${AWS::Partition}` → `aws`), and the account and region of `options.aws` as variables.
 */
export function importText(ctx: ImportContext, text: string, path: string[]): string {
  const converted = fromAwsVariables(text);
  if (converted.partition && !ctx.partitionReported) {
    ctx.partitionReported = true;
    ctx.diags.add('OAS103', path, '${AWS::Partition} is written as aws: the spec describes APIs in the aws partition.');
  }
  const aws = ctx.options.aws;
  return aws ? templatize(converted.text, aws.region, aws.accountId) : converted.text;
}
