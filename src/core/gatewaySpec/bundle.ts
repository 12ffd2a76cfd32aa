// Entry of the lazy `spec` bundle (dist/spec.js): the engine and the editor features, loaded by the glue layer with
// require('@lazy/spec') on first use so that activation never loads the parsers or the validator.
export * from './index';
export {
  completions,
  definition,
  documentSymbols,
  hover,
  occurrences,
  prepareRename,
  references,
  rename,
  templatePlaces,
  type CompletionItem,
  type CompletionList,
  type OutlineOptions,
  type OutlineSymbol,
  type TemplatePlace,
} from './service';
export {
  SpecServer,
  toWire,
  type SpecMessage,
  type SpecQuestion,
  type SpecRequest,
  type SpecResponse,
  type ValidateResult,
  type WireDiagnostic,
} from './server';
