// Every command of the extension, declared once: its id and title, its handler (a named function in its feature's
// commands.ts), and its policy — the subject it acts on, what it needs of Workspace Trust, whether its long work can
// be cancelled. src/vscode/commands/run.ts applies the policy; test/unit/manifest.test.ts reads this literal and
// checks package.json against it (every command, palette hiding, trust in menus).
import * as call from './call/commands';
import type { CallFeature } from './call/feature';
import type { CommandEntry, CommandPolicy } from './commands/invocation';
import * as connection from './connection/commands';
import * as deploy from './deploy/commands';
import type { DeployFeature } from './deploy/feature';
import * as explorer from './explorer/commands';
import * as local from './local/commands';
import type { LocalFeature } from './local/feature';
import type { ExplorerFeature } from './explorer/feature';
import * as openapi from './openapi/commands';
import type { OpenApiFeature } from './openapi/feature';
import * as metrics from './metrics/commands';
import type { MetricsFeature } from './metrics/feature';
import * as promote from './promote/commands';
import type { PreviewDocuments } from './promote/preview';
import * as tail from './tail/commands';
import type { TailManager } from './tail/manager';

/** The feature objects handlers get, by the name an entry gives in `feature`. */
export interface Features {
  explorer: ExplorerFeature;
  deploy: DeployFeature;
  promote: PreviewDocuments;
  tail: TailManager;
  openapi: OpenApiFeature;
  call: CallFeature;
  local: LocalFeature;
  metrics: MetricsFeature;
}

/** One entry: the handler's feature parameter is typed by the feature the entry names. */
function command<F extends keyof Features | undefined>(
  e: CommandPolicy & {
    feature?: F;
    run: (inv: never, feature: F extends keyof Features ? Features[F] : undefined) => unknown;
  },
): CommandEntry {
  return e as unknown as CommandEntry;
}

export const COMMANDS: readonly CommandEntry[] = [
  // The connection and the log
  command({
    id: 'apigw.showLog',
    title: 'Show Log',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    run: connection.showLog,
  }),
  command({
    id: 'apigw.selectProfile',
    title: 'Select Profile',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    run: connection.selectProfile,
  }),
  command({
    id: 'apigw.selectRegion',
    title: 'Select Region',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    run: connection.selectRegion,
  }),
  command({
    id: 'apigw.changeConnection',
    title: 'Change Connection',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    palette: false,
    run: connection.changeConnection,
  }),
  // The explorer
  command({
    id: 'apigw.refreshExplorer',
    title: 'Refresh Explorer',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'explorer',
    run: explorer.refreshExplorer,
  }),
  command({
    id: 'apigw.refreshNode',
    title: 'Refresh',
    subject: 'node',
    trust: 'read',
    cancellable: false,
    feature: 'explorer',
    run: explorer.refreshNode,
  }),
  command({
    id: 'apigw.loadMore',
    title: 'Load More',
    subject: 'node',
    trust: 'read',
    cancellable: false,
    feature: 'explorer',
    run: explorer.loadMore,
  }),
  command({
    id: 'apigw.showErrorDetails',
    title: 'Show Error Details',
    subject: 'node',
    trust: 'read',
    cancellable: false,
    feature: 'explorer',
    run: explorer.showErrorDetails,
  }),
  command({
    id: 'apigw.goToApi',
    title: 'Go to API',
    subject: 'api',
    trust: 'read',
    cancellable: false,
    feature: 'explorer',
    run: explorer.goToApi,
  }),
  command({
    id: 'apigw.copyId',
    title: 'Copy ID',
    subject: 'resource',
    trust: 'read',
    cancellable: false,
    run: explorer.copyId,
  }),
  command({
    id: 'apigw.copyArn',
    title: 'Copy ARN',
    subject: 'resource',
    trust: 'read',
    cancellable: false,
    run: explorer.copyArn,
  }),
  command({
    id: 'apigw.copyInvokeUrl',
    title: 'Copy Invoke URL',
    subject: 'stage',
    trust: 'read',
    cancellable: false,
    run: explorer.copyInvokeUrl,
  }),
  command({
    id: 'apigw.openInConsole',
    title: 'Open in AWS Console',
    subject: 'resource',
    trust: 'read',
    cancellable: false,
    run: explorer.openInConsole,
  }),
  command({
    id: 'apigw.deleteRoute',
    title: 'Delete Route',
    subject: 'resource',
    trust: 'write',
    cancellable: false,
    run: explorer.deleteRoute,
  }),
  command({
    id: 'apigw.deleteStage',
    title: 'Delete Stage',
    subject: 'resource',
    trust: 'write',
    cancellable: false,
    run: explorer.deleteStage,
  }),
  command({
    id: 'apigw.deleteIntegration',
    title: 'Delete Integration',
    subject: 'resource',
    trust: 'write',
    cancellable: false,
    run: explorer.deleteIntegration,
  }),
  // Deploy
  command({
    id: 'apigw.deploySpec',
    title: 'Deploy Spec',
    subject: 'spec',
    trust: 'write',
    cancellable: true,
    feature: 'deploy',
    run: deploy.deploySpec,
  }),
  command({
    id: 'apigw.createSpecFromOpenApi',
    title: 'Create Spec from OpenAPI',
    subject: 'none',
    trust: 'write',
    cancellable: false,
    feature: 'openapi',
    run: openapi.createSpecFromOpenApi,
  }),
  command({
    id: 'apigw.exportSpecAsOpenApi',
    title: 'Export Spec as OpenAPI',
    subject: 'spec',
    trust: 'write',
    cancellable: false,
    feature: 'openapi',
    run: openapi.exportSpecAsOpenApi,
  }),
  command({
    id: 'apigw.showPlan',
    title: 'Show Plan',
    subject: 'spec',
    trust: 'read',
    cancellable: true,
    feature: 'deploy',
    run: deploy.showPlan,
  }),
  command({
    id: 'apigw.checkSpecSync',
    title: 'Check Spec Sync with AWS',
    subject: 'spec',
    trust: 'read',
    cancellable: false,
    feature: 'deploy',
    run: deploy.checkSpecSync,
  }),
  command({
    id: 'apigw.createSpecFromApi',
    title: 'Create Spec from API',
    subject: 'api',
    trust: 'write',
    cancellable: true,
    run: deploy.createSpecFromApi,
  }),
  // Promotion
  command({
    id: 'apigw.promoteStage',
    title: 'Promote Stage',
    subject: 'api',
    trust: 'write',
    cancellable: false,
    feature: 'promote',
    run: promote.promoteStage,
  }),
  command({
    id: 'apigw.rollbackStage',
    title: 'Roll Back Stage',
    subject: 'stage',
    trust: 'write',
    cancellable: false,
    feature: 'promote',
    run: promote.rollbackStage,
  }),
  command({
    id: 'apigw.cleanUpDeployments',
    title: 'Clean Up Deployments',
    subject: 'api',
    trust: 'write',
    cancellable: true,
    run: promote.cleanUpDeployments,
  }),
  // Live tail
  command({
    id: 'apigw.tailStage',
    title: 'Tail Stage Logs',
    subject: 'stage',
    trust: 'write',
    cancellable: true,
    feature: 'tail',
    run: tail.tailStage,
  }),
  command({
    id: 'apigw.stopTail',
    title: 'Stop Tail',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'tail',
    run: tail.stopTail,
  }),
  // Calling routes
  command({
    id: 'apigw.openRequests',
    title: 'Open Requests for Spec',
    subject: 'spec',
    trust: 'write',
    cancellable: true,
    feature: 'call',
    run: call.openRequests,
  }),
  command({
    id: 'apigw.sendRequest',
    title: 'Send Request',
    subject: 'none',
    trust: 'write',
    cancellable: true,
    feature: 'call',
    run: call.sendRequest,
  }),
  command({
    id: 'apigw.sendAllRequests',
    title: 'Send All Requests',
    subject: 'none',
    trust: 'write',
    cancellable: true,
    feature: 'call',
    run: call.sendAllRequests,
  }),
  command({
    id: 'apigw.callRoute',
    title: 'Call Route',
    subject: 'route',
    trust: 'write',
    cancellable: true,
    feature: 'call',
    run: call.callRoute,
  }),
  command({
    id: 'apigw.showRequestLogs',
    title: 'Show Logs for This Request',
    subject: 'none',
    trust: 'read',
    cancellable: true,
    feature: 'call',
    run: call.showRequestLogs,
  }),
  command({
    id: 'apigw.showCallHistory',
    title: 'Show Call History',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'call',
    run: call.showCallHistory,
  }),
  command({
    id: 'apigw.switchRequestEnvironment',
    title: 'Switch Request Environment',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'call',
    run: call.switchRequestEnvironment,
  }),
  command({
    id: 'apigw.forgetTokens',
    title: 'Forget Saved Tokens',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'call',
    run: call.forgetTokens,
  }),
  command({
    id: 'apigw.connectStage',
    title: 'Connect to Stage',
    subject: 'wsStage',
    trust: 'write',
    cancellable: true,
    feature: 'call',
    run: call.connectStage,
  }),
  // The Local entry's "Connect": Connect to Stage… under the title its menu shows (the palette's offers local APIs).
  command({
    id: 'apigw.connectLocalApi',
    title: 'Connect',
    subject: 'wsStage',
    trust: 'write',
    cancellable: true,
    palette: false,
    feature: 'call',
    run: call.connectStage,
  }),
  command({
    id: 'apigw.sendWsMessage',
    title: 'Send Message',
    subject: 'none',
    trust: 'write',
    cancellable: false,
    feature: 'call',
    run: call.sendWsMessage,
  }),
  command({
    id: 'apigw.sendToConnection',
    title: 'Send to Connection',
    subject: 'wsStage',
    trust: 'write',
    cancellable: true,
    run: call.sendToConnection,
  }),
  command({
    id: 'apigw.disconnectConnection',
    title: 'Disconnect Connection',
    subject: 'wsStage',
    trust: 'write',
    cancellable: true,
    run: call.disconnectConnection,
  }),
  // Running a spec locally
  command({
    id: 'apigw.runSpecLocally',
    title: 'Run Spec Locally',
    subject: 'spec',
    trust: 'write',
    cancellable: false,
    feature: 'local',
    run: local.runSpecLocally,
  }),
  command({
    id: 'apigw.tryMappingTemplate',
    title: 'Try Mapping Template',
    subject: 'spec',
    trust: 'write',
    cancellable: false,
    feature: 'local',
    run: local.tryMappingTemplate,
  }),
  command({
    id: 'apigw.stopLocalApi',
    title: 'Stop Local API',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'local',
    run: local.stopLocalApi,
  }),
  command({
    id: 'apigw.restartLocalApi',
    title: 'Restart Local API',
    subject: 'none',
    trust: 'write',
    cancellable: false,
    feature: 'local',
    run: local.restartLocalApi,
  }),
  command({
    id: 'apigw.showLocalTraffic',
    title: 'Show Local Traffic',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'local',
    run: local.showLocalTraffic,
  }),
  command({
    id: 'apigw.showLocalRequest',
    title: 'Show Request Details',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    feature: 'local',
    run: local.showLocalRequest,
  }),
  command({
    id: 'apigw.invokeLocalFunction',
    title: 'Invoke Function',
    subject: 'none',
    trust: 'write',
    cancellable: false,
    feature: 'local',
    run: local.invokeLocalFunction,
  }),
  command({
    id: 'apigw.localApiMenu',
    title: 'Local API',
    subject: 'none',
    trust: 'read',
    cancellable: false,
    palette: false,
    feature: 'local',
    run: local.localApiMenu,
  }),
  // Metrics
  command({
    id: 'apigw.showApiMetrics',
    title: 'Show API Metrics',
    subject: 'api',
    trust: 'read',
    cancellable: false,
    feature: 'metrics',
    run: metrics.showApiMetrics,
  }),
  command({
    id: 'apigw.showStageMetrics',
    title: 'Show Stage Metrics',
    subject: 'stage',
    trust: 'read',
    cancellable: false,
    feature: 'metrics',
    run: metrics.showStageMetrics,
  }),
  command({
    id: 'apigw.showRouteMetrics',
    title: 'Show Route Metrics',
    subject: 'route',
    trust: 'read',
    cancellable: false,
    feature: 'metrics',
    run: metrics.showRouteMetrics,
  }),
  command({
    id: 'apigw.enableDetailedMetrics',
    title: 'Turn On Detailed Metrics',
    subject: 'stage',
    trust: 'write',
    cancellable: false,
    run: metrics.enableDetailedMetrics,
  }),
  command({
    id: 'apigw.showMetricsLogs',
    title: 'Show Logs of a Time Window',
    subject: 'stage',
    trust: 'read',
    cancellable: true,
    palette: false,
    feature: 'metrics',
    run: metrics.showMetricsLogs,
  }),
];
