// Calling routes, the pure half: `.http` files (parse, generate, update), targets and the host guard, route auth,
// request resolution, response formatting, the call history, WebSocket route completion and log correlation.
// docs/CALL.md is the reference; the I/O half is src/aws/call.
export * from './api';
export * from './auth';
export * from './correlate';
export * from './environmentFile';
export * from './environments';
export * from './format';
export * from './generate';
export * from './history';
export * from './httpFile';
export * from './references';
export * from './resolve';
export * from './targets';
export * from './types';
export * from './variables';
export * from './update';
export * from './wsRoutes';
