// OpenAPI in and out for HTTP APIs (pure: no vscode, no AWS SDK). docs/OPENAPI.md is the reference.
//
//   const { spec, diagnostics, valid } = await importOpenApi(text, { fileName: 'openapi.yaml' });
//   const { text, diagnostics } = exportOpenApi(spec, { format: 'yaml', stage: 'prod' });
//
// The glue loads it from the lazy bundle `openapi` (require('@lazy/openapi')), never at activation.
export { importOpenApi, type ImportOptions, type ImportResult } from './importer';
export { exportOpenApi, IAM_SCHEME, type ExportOptions, type ExportResult } from './exporter';
export {
  diagnosticSummary,
  OPENAPI_CODES,
  pointerOf,
  pathOf,
  type OpenApiCode,
  type OpenApiDiagnostic,
} from './diagnostics';
export { MAX_DOCUMENT_BYTES, MAX_DOCUMENT_DEPTH } from './source';
