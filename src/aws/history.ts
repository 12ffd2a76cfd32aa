// Records an entry of a stage's history in the stage's tags (format: src/core/history.ts). Deploy calls it after
// pointing a stage at a new deployment; promotion and rollback call it the same way.
import { partition } from '../core/awsIds';
import { isWorkbenchError } from '../core/errors';
import { historyWrite, type HistoryEntry } from '../core/history';
import type { ApiGatewayAdapter } from './apigateway';

export interface StageRef {
  region: string;
  apiId: string;
  stageName: string;
  /** The stage's tags when the caller has them (from GetStages); read with GetTags otherwise. */
  tags?: Record<string, string>;
}

export function stageArn(s: Pick<StageRef, 'region' | 'apiId' | 'stageName'>): string {
  return `arn:${partition(s.region)}:apigateway:${s.region}::/apis/${s.apiId}/stages/${s.stageName}`;
}

export interface RecordResult {
  /** The entry as written (with its sequence number), or undefined when it could not be. */
  entry?: HistoryEntry;
  /** Why it was not written. */
  warning?: string;
}

/**
 * Adds `entry` to the stage's history: one TagResource, and an UntagResource when old entries must go to keep the
 * stage within AWS's 50 tags. Never throws: a history that cannot be written is a warning, not a failed deploy.
 */
export async function recordStageHistory(
  apigw: ApiGatewayAdapter,
  stage: StageRef,
  entry: Omit<HistoryEntry, 'seq'>,
): Promise<RecordResult> {
  try {
    const arn = stageArn(stage);
    const tags = stage.tags ?? (await apigw.getTags(arn));
    const write = historyWrite(tags, entry);
    if (!write)
      return {
        warning: `Stage ${stage.stageName} has 50 tags of its own: no room to record which deployment it ran before.`,
      };
    await apigw.tagResource(arn, write.set);
    if (write.remove.length) await apigw.untagResource(arn, write.remove);
    return { entry: write.entry };
  } catch (err) {
    return {
      warning: `The history of stage ${stage.stageName} could not be recorded: ${isWorkbenchError(err) || err instanceof Error ? err.message : String(err)}`,
    };
  }
}
