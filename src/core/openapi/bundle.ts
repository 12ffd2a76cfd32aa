// Entry of the lazy `openapi` bundle (dist/openapi.js): the OpenAPI import and export with their parser, loaded by
// the glue with require('@lazy/openapi') on first use.
export * from './index';
