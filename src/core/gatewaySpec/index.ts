// The gateway spec engine's public API, for the editor, the CLI and the later deploy/promote work:
//
//   const { model, diagnostics, valid, document } = validateSpec(text, { fileName: 'orders.apigw.yaml' });
//   if (valid) deploy(resolveSpec(model!, { region, accountId }));
//   document.rangeOf(['routes', 'GET /items', 'integration'])   // JSON path → { start, end } (line/character)
//
// Everything here is pure (no vscode, no I/O) and lives in the lazy `spec` bundle: load it with
// require('@lazy/spec') from the glue layer, never with a value import.
export {
  validateSpec,
  validateSpecAsync,
  ValidationCancelled,
  type SpecValidation,
  type ValidateOptions,
} from './validate';
export { SpecDocument, formatOf, type SpecFormat, type AstNode, type AstProperty } from './document';
export {
  CODES,
  didYouMean,
  editDistance,
  severityOf,
  type DiagnosticCode,
  type JsonPath,
  type Position,
  type QuickFix,
  type Range,
  type Severity,
  type SpecDiagnostic,
  type TextEdit,
} from './diagnostics';
export * from './model';
export { SUBTYPE_PARAMETERS, HTTP_METHODS, WEBSOCKET_RESERVED_ROUTES } from './rules';
