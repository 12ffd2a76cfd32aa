// An API's stages as promotion, rollback and the explorer show them: what each runs, what a rollback returns to,
// whether it auto-deploys and whether it is protected — read from one GetStages listing (the tags come with it), so
// no caller needs a tree node to read stages.
import type { LiveApi } from '../deploy/live';
import { stageHistory, type StageHistoryView } from '../history';
import { deploymentContent, type PromoteDeployment, type PromoteStage } from './plan';
import { protectionOf, type Protection, type SpecFacts } from './protection';

export interface StageSummary {
  name: string;
  stage: PromoteStage;
  /** What it runs now. */
  deploymentId?: string;
  autoDeploy: boolean;
  /** Its history: `previous` is what Roll Back Stage returns to by default. */
  history: StageHistoryView;
  protection?: Protection;
}

export interface StageSummaryOptions {
  /** The workspace's specs: a stage protected only by its spec is protected too. */
  specs?: SpecFacts[];
  /** Deployments read so far: their descriptions tell twins apart (see `deploymentContent`). */
  deployments?: Map<string, PromoteDeployment | null>;
}

/** Every named stage of `api`, in the listing's order. */
export function stageSummaries(api: LiveApi, stages: PromoteStage[], o: StageSummaryOptions = {}): StageSummary[] {
  const content = deploymentContent(o.deployments ?? new Map(), stages);
  return stages
    .filter((s) => s.StageName)
    .map((s) => {
      const protection = protectionOf(api, s, o.specs);
      return {
        name: s.StageName!,
        stage: s,
        ...(s.DeploymentId ? { deploymentId: s.DeploymentId } : {}),
        autoDeploy: Boolean(s.AutoDeploy),
        history: stageHistory(s.Tags, s.DeploymentId, content),
        ...(protection ? { protection } : {}),
      };
    });
}
