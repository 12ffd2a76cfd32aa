// Entry of the lazy `local` bundle (dist/local.js): the local API engine, loaded by the CLI and the editor glue on
// first use (require('@lazy/local')), never at activation. Its handler processes run dist/local-runner.js.
export { startLocalApi, runnerPath, type LocalApi, type LocalApiEvents, type LocalApiOptions } from './server';
export type { LocalLogger } from './gateway';
export {
  handlerExportOf,
  mappingFileNames,
  mappingSnippet,
  parseMapping,
  runtimeOf,
  specFunctions,
  unmappedFunctions,
  type FunctionMapping,
  type HandlerRuntime,
  type LocalMapping,
  type SpecFunction,
  type UnmappedFunction,
} from '../core/local/handlers';
export { addFunctionMapping } from '../core/local/mappingEdit';
export { handlerSkeleton, mappingPathProblems, type MappingPathProblem } from '../core/local/mappingPaths';
export { moduleFormat } from './bundler';
export {
  readSamTemplate,
  SAM_TEMPLATES,
  samFunctionMapping,
  type SamFunction,
  type SamTemplate,
} from '../core/local/sam';
export { TrafficFormatter, type RequestDetail, type RequestRecord } from '../core/local/traffic';
export { AWS_WEBSOCKET_LIMITS, type WebSocketLimits } from '../core/local/websocket';
export { describeTemplate, specTemplates, tryTemplate, type TemplateRef, type TriedTemplate } from './tryTemplate';
