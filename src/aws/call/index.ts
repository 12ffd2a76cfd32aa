// Calling routes, the I/O half: the call (node:http with timing), auth (providers, SigV4), a live API's stage as
// calling needs it, that request's logs, WebSocket sessions and the management API. The pure half is re-exported, so
// the glue reaches all of it through the lazy `aws` bundle as `awsBundle().call`. docs/CALL.md is the reference.
export * from '../../core/call';
export { applyAuth, signRequest, type AuthProviders, type IdentityNeed, type TokenNeed } from './auth';
export {
  callRoute,
  exchangeOf,
  historyEntryOf,
  prepareFromFile,
  prepareFromLine,
  type CallResult,
  type PreparedCall,
} from './call';
export {
  deleteConnection,
  getConnection,
  managementEndpoint,
  postToConnection,
  type ConnectionInfo,
  type ManagementTarget,
} from './connections';
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_TIMEOUT_MS, sendRequest, type ClientTls, type SendOptions } from './http';
export { readLiveApi, readLiveStages, type LiveCallable } from './live';
export {
  logsForRequest,
  requestLogLines,
  type Correlation,
  type FunctionLogs,
  type RequestLogs,
  type RequestLogsInput,
  type RequestLogsProgress,
} from './requestLogs';
export {
  WebSocketSession,
  WebSocketSessions,
  type WsClose,
  type WsFrame,
  type WsSessionEvents,
  type WsSessionOptions,
} from './websocket';
