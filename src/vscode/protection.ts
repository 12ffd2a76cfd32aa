// Whether a stage is protected: the one rule the explorer and promotion show and ask by. The rule itself is the
// engine's (src/core/promote: a spec for the API says `protected: true`, or the stage's `apigw:protected` tag is
// `true`); everything in the editor asks through protectionOfStage() (why, for display), which rests on the same
// protectionOf() as the engine's isProtected().
import type { LiveApi, LiveStage } from '../core/deploy/live';
import { protectionOf, specsFor, type Protection, type SpecFacts } from '../core/promote/protection';

export type { Protection, SpecFacts };

/** Why `stage` is protected (by `spec`, the workspace's spec for its API, or by its tag), or undefined. */
export function protectionOfStage(stage: LiveStage, spec?: SpecFacts): Protection | undefined {
  return protectionOf({ Name: spec?.apiName }, stage, spec ? [spec] : undefined);
}

/** The workspace's spec for `api` that speaks for `stageName`: one that protects it, else the first for the API. */
export function specOf(
  api: LiveApi,
  specs: readonly SpecFacts[],
  stageName: string | undefined,
): SpecFacts | undefined {
  const mine = specsFor(api, [...specs]);
  return mine.find((s) => stageName !== undefined && s.stages[stageName]?.protected) ?? mine[0];
}
