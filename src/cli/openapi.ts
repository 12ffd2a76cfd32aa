// `apigw import OPENAPI -o SPEC` and `apigw export SPEC --format openapi`: OpenAPI 3.0/3.1 in and OpenAPI 3.0 out
// for HTTP APIs, through the lazy `openapi` engine (docs/OPENAPI.md). Diagnostics are printed as `apigw validate`
// prints them (file:line:col severity code message): on stdout, or on stderr when stdout carries the exported
// document. VPC links are read from AWS only when the input names one.
//   exit 0: written (warnings and notes allowed), 1: errors (nothing written), 2: bad arguments or an unusable input.
import fs from 'node:fs';
import path from 'node:path';
import { vpcLinkIdsByName, vpcLinksById } from '../aws/openapi';
import { serializeSpec } from '../core/deploy/pull';
import { describeError, isCancellation } from '../core/errors';
import type { GatewaySpec, SpecDocument } from '../core/gatewaySpec';
import type { ImportResult, OpenApiDiagnostic } from '../core/openapi';
import { CommandFailure, defineCommand, type CommandContext } from './command';
import type { Output } from './io';
import { openApiEngine } from './lazy';
import { flag, UsageError, value } from './options';
import {
  checkOutputFile,
  fileFormat,
  loadSpecFile,
  readSpecText,
  sameFile,
  SPEC_FILE,
  SPEC_PATTERNS,
  writeOutputFile,
} from './specFiles';

const IMPORT_OPTIONS = {
  output: value('SPEC', 'The spec file to write; when it exists, the import goes into it (its names and stages stay)', {
    short: 'o',
    required: 'the spec file to write',
  }),
  format: value('yaml|json', 'Format of the spec (default: from the file name, yaml for .yaml/.yml, else json)', {
    choices: ['yaml', 'json'],
  }),
  base: value('SPEC', 'Import into this spec instead of -o SPEC: it keeps what OpenAPI cannot carry (stages, names…)'),
  force: flag('Overwrite -o SPEC when it exists and is not the --base'),
} as const;

const EXPORT_OPTIONS = {
  format: value('openapi', 'What to write (default: openapi, OpenAPI 3.0 as API Gateway imports it)', {
    choices: ['openapi'],
  }),
  'output-format': value('yaml|json', 'Format of the document (default: json when -o ends in .json, else yaml)', {
    choices: ['yaml', 'json'],
  }),
  stage: value('STAGE', "The stage the server's basePath names, as API Gateway's export has it"),
  output: value('FILE', 'Write to FILE instead of standard output (- is standard output)', { short: 'o' }),
} as const;

const IMPORT_EXIT_CODES =
  '0 written (warnings and notes allowed), 1 errors (listed; nothing written), 2 bad arguments or an input that could not be used (unreadable, a --base spec with errors, -o SPEC that would be overwritten without --force).';

export const importCommand = defineCommand({
  name: 'import',
  summary: 'Write a spec from an OpenAPI 3.0/3.1 document (HTTP APIs)',
  operands: { name: 'OPENAPI', noun: 'OpenAPI file', min: 1, max: 1 },
  description:
    "Converts an OpenAPI 3.0 or 3.1 document with API Gateway's extensions (JSON or YAML) into a gateway spec, and prints what could not be mapped as file:line:col severity code message. When -o SPEC exists (or with --base), the import goes into that spec: its API name, stages, VPC links, domains and integration names stay, so re-importing an API's export changes only what the API changed.",
  options: IMPORT_OPTIONS,
  aws: true,
  exitCodes: IMPORT_EXIT_CODES,
  run: runImport,
});

export const exportCommand = defineCommand({
  name: 'export',
  summary: 'Write the OpenAPI 3.0 document of an HTTP API spec',
  operands: { name: 'SPEC', noun: 'spec file', min: 1, max: 1 },
  description:
    "Writes OpenAPI 3.0 with API Gateway's extensions, as API Gateway's ImportApi accepts it, from a gateway spec of an HTTP API, and prints what OpenAPI cannot carry (stages, route throttling…) as file:line:col severity code message.",
  options: EXPORT_OPTIONS,
  aws: true,
  exitCodes:
    '0 written (warnings and notes allowed), 1 a spec with errors (listed) or of a WebSocket API: nothing written, 2 bad arguments or a spec that could not be read.',
  run: runExport,
});

type ImportCtx = CommandContext<typeof IMPORT_OPTIONS>;
type ExportCtx = CommandContext<typeof EXPORT_OPTIONS>;

/** The diagnostic as `apigw validate` prints one; without a place, the JSON pointer says where. */
function openApiLine(file: string, d: OpenApiDiagnostic): string {
  const at = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : d.line ? `${d.line}:1` : undefined;
  const where = at ? `${file}:${at}` : `${file}:`;
  return `${where} ${d.severity} ${d.code} ${d.message}${at || !d.pointer ? '' : ` (at ${d.pointer})`}\n`;
}

function printDiagnostics(out: Output, file: string, diagnostics: readonly OpenApiDiagnostic[]): string {
  out.write(diagnostics.map((d) => openApiLine(file, d)).join(''));
  return openApiEngine().diagnosticSummary(diagnostics);
}

/** The spec the import goes into: --base, else -o when it exists; refuses to overwrite anything else unasked. */
function baseFile(ctx: ImportCtx): string | undefined {
  const { output, base, force } = ctx.options;
  const exists = fs.existsSync(output);
  if (exists && base !== undefined && !sameFile(base, output) && !force)
    throw new UsageError(`${output} exists and is not the --base: add --force to overwrite it`);
  return base ?? (exists ? output : undefined);
}

async function runImport(ctx: ImportCtx): Promise<number> {
  const input = ctx.operands[0]!;
  const out = ctx.options.output;
  if (out === '-')
    throw new UsageError('-o names the spec file to write (import writes no document to standard output)');
  if (sameFile(input, out))
    throw new UsageError(`-o ${out} is the OpenAPI document itself: give the spec file to write`);
  checkOutputFile(out, '-o');
  const format = fileFormat(out, ctx.options.format, 'json');
  if (!SPEC_FILE.test(out))
    ctx.stderr.write(
      `apigw import: warning: ${out} is not named as a spec file (${SPEC_PATTERNS}): the editor and apigw validate DIR will not find it.\n`,
    );
  const basePath = baseFile(ctx);
  const read = readSpecText(input);
  if ('problem' in read) {
    ctx.stderr.write(`apigw import: cannot read ${input}: ${read.problem.problem}\n`);
    return 2;
  }
  const intoOutput = basePath !== undefined && sameFile(basePath, out);
  const into = intoOutput ? 'the existing spec' : basePath;
  const nothing = intoOutput
    ? 'nothing was written: an existing -o SPEC is what the import goes into (write to another file to start afresh)'
    : 'nothing was written: it is the --base of the import';
  const base = basePath === undefined ? undefined : loadSpecFile(basePath, ctx, 'import', { nothing, errorExit: 2 });
  if (typeof base === 'number') return base;
  const result = await importWithVpcLinks(ctx, read.text, input, base?.model);
  const summary = printDiagnostics(ctx.stdout, input, result.diagnostics);
  if (!result.valid || !result.spec) {
    ctx.stderr.write(`apigw import: ${input}: ${summary}: nothing was written.\n`);
    return 1;
  }
  writeOutputFile(out, serializeSpec(result.spec, format, `Imported by apigw from ${path.basename(input)}.`));
  ctx.stderr.write(
    `apigw import: wrote ${out}${into ? ` (into ${into})` : ''} from ${input}: ${counts(result.spec)}; ${summary}.\n`,
  );
  return 0;
}

function counts(spec: GatewaySpec): string {
  const n = (o: object | undefined) => Object.keys(o ?? {}).length;
  return `${n(spec.routes)} routes, ${n(spec.integrations)} integrations, ${n(spec.authorizers)} authorizers`;
}

/** The import; again with the region's VPC links when the document names one by id (OAS203) and AWS can be read. */
async function importWithVpcLinks(
  ctx: ImportCtx,
  text: string,
  fileName: string,
  base: GatewaySpec | undefined,
): Promise<ImportResult> {
  const { importOpenApi } = openApiEngine();
  const options = { fileName, ...(base ? { base } : {}) };
  const first = await importOpenApi(text, options);
  if (!first.diagnostics.some((d) => d.code === 'OAS203')) return first;
  const vpcLinks = await fromAws(ctx, 'import', 'VPC links', async () => vpcLinksById(await ctx.connect(), ctx.signal));
  return vpcLinks ? importOpenApi(text, { ...options, vpcLinks }) : first;
}

/**
 * What the conversion reads from AWS, or undefined after saying why AWS could not be read (the conversion goes on
 * without, and its diagnostics say what that leaves). Arguments that name no usable connection stay errors.
 */
async function fromAws<T>(
  ctx: { stderr: Output },
  command: string,
  what: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof CommandFailure || isCancellation(err)) throw err;
    ctx.stderr.write(`apigw ${command}: could not read the ${what} from AWS: ${describeError(err)}\n`);
    return undefined;
  }
}

async function runExport(ctx: ExportCtx): Promise<number> {
  const file = ctx.operands[0]!;
  const out = ctx.options.output === '-' ? undefined : ctx.options.output;
  if (out !== undefined && sameFile(file, out))
    throw new UsageError(`-o ${out} is the spec itself: give the file to write the OpenAPI document to`);
  if (out !== undefined) checkOutputFile(out, '-o');
  const format = out
    ? fileFormat(out, ctx.options['output-format'], 'yaml', '--output-format')
    : (ctx.options['output-format'] ?? 'yaml');
  // Standard output carries the document when there is no -o: everything else goes to stderr then.
  const notes = out ? ctx.stdout : ctx.stderr;
  const spec = loadSpecFile(file, { stdout: notes, stderr: ctx.stderr }, 'export', {
    nothing: 'nothing was written',
    errorExit: 1,
  });
  if (typeof spec === 'number') return spec;
  const usesVpcLink = Object.values(spec.model.integrations ?? {}).some((i) => 'vpcLink' in i && i.vpcLink);
  const vpcLinkIds = usesVpcLink
    ? await fromAws(ctx, 'export', 'VPC link ids', async () => vpcLinkIdsByName(await ctx.connect(), ctx.signal))
    : undefined;
  const result = openApiEngine().exportOpenApi(spec.model, {
    format,
    ...(ctx.options.stage !== undefined ? { stage: ctx.options.stage } : {}),
    ...(vpcLinkIds ? { vpcLinkIds } : {}),
  });
  const summary = printDiagnostics(notes, file, placed(result.diagnostics, spec.document));
  if (out) writeOutputFile(out, result.text);
  else ctx.stdout.write(result.text);
  ctx.stderr.write(
    `apigw export: ${out ? `wrote ${out}` : 'wrote the document'} (OpenAPI 3.0, ${format}) from ${file}: ${summary}.\n`,
  );
  return 0;
}

/** Export diagnostics point into the spec: each gets the place of its key in the spec file, and they go in file order. */
function placed(diagnostics: readonly OpenApiDiagnostic[], document: SpecDocument | undefined): OpenApiDiagnostic[] {
  const { pathOf } = openApiEngine();
  const withRange = diagnostics.map((d) =>
    d.range || !document ? d : { ...d, range: document.rangeOf(pathOf(d.pointer), 'key') },
  );
  const line = (d: OpenApiDiagnostic) => d.range?.start.line ?? Infinity;
  return withRange.sort((a, b) => line(a) - line(b));
}
