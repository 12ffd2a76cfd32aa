// Entry of the lazy `aws` bundle (dist/aws.js): everything that loads the AWS SDK. The glue layer loads it on first
// use with require('@lazy/aws') and imports only types from here.
export {
  listProfiles,
  profileNotFound,
  resolveConnection,
  DEFAULT_REGION,
  type Connection,
  type ConnectionInput,
  type ProfileInfo,
  type ProfileKind,
} from './profiles';
export { SessionPool, DEFAULT_MAX_ATTEMPTS, type AwsSession, type SessionOptions } from './session';
export { APIGW_LIMITS, Pacer, type PacerLimits } from './pacer';
export { toWorkbenchError, iamAction, type ErrorContext } from './errors';
export { paginate, all, firstPage, type Page, type ListOptions } from './paginate';
export type { ApiGatewayAdapter } from './apigateway';
export type { LogsAdapter, LiveTailEvent, FilterOptions } from './logs';
export {
  CLOUDWATCH_LIMITS,
  type CloudWatchAdapter,
  type MetricDataAnswer,
  type MetricDataOptions,
  type ListMetricsFilter,
} from './cloudwatch';
export * as metrics from '../core/metrics';
export {
  planDeploy,
  applyPlan,
  pullApi,
  listApis,
  recordStageHistory,
  stageArn,
  type StageRef,
  type PlannedDeploy,
  type PlanOptions,
  type ApplyOptions,
  type ApplyProgress,
  type PulledApi,
} from './deploy';
export {
  renderPlan,
  confirmationText,
  countsText,
  hasWork,
  renderReport,
  reportHeadline,
  reportCounts,
  serializeSpec,
  type Plan,
  type ApplyReport,
} from '../core/deploy';
export * as promote from './promote';
export * as tail from './tail';
export * as call from './call';
