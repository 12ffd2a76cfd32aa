// The gateway spec engine's public API, for the editor, the CLI, deploy and the local API. Every path reads a file
// through the one front end (input.ts), within the spec input budget (limits.ts):
//
//   const { model, diagnostics, valid, document } = validateSpec(fs.readFileSync(file), { fileName: file });
//   validateSpec(bytes, { fileName, fixes: false })   // diagnostics only, no quick fixes (the CLI)
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
export {
  SpecDocument,
  formatOf,
  formatOfText,
  type SpecFormat,
  type AstNode,
  type AstProperty,
  type DocumentStats,
} from './document';
export { openSpec, decodeSpecBytes, mayHideInvalidUtf8, type SpecInput, type FrontEndOptions } from './input';
export { SPEC_LIMITS, type SpecLimits } from './limits';
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
