// Whether a stage is protected: the one rule that deploy, promotion, rollback and the explorer apply. A stage is
// protected when a spec for its API says `protected: true` for it, or when it carries the tag `apigw:protected=true`
// (deploy sets the tag for protected stages, so tools without the spec see it too). Protected stages change only
// after their name is typed (docs/PROMOTE.md, Protection and auto-deploy).
import { PROTECTED_TAG, SPEC_TAG } from '../deploy/canonical';
import type { LiveApi, Tags } from '../deploy/live';

/** Where a stage's protection comes from. */
export interface Protection {
  by: 'spec' | 'tag';
  /** The spec file, or the tag. */
  detail: string;
}

/** What a gateway spec says about an API's stages: enough for protection and auto-deploy warnings. */
export interface SpecFacts {
  file: string;
  apiName: string;
  stages: Record<string, { protected?: boolean; autoDeploy?: boolean }>;
}

/** The part of a spec the rule reads: SpecFacts, or a canonical spec (deploy's plan). */
export interface StageFlags {
  /** The spec file, when known: named in the protection's detail. */
  file?: string;
  stages: Record<string, { protected?: boolean } | undefined>;
}

/** A stage as AWS lists it (or as a plan will make it: a name, no tags yet). */
export interface StageTagsLike {
  StageName?: string;
  Tags?: Tags;
}

/** Where the stage's protection comes from: the first spec that protects it, else its tag; undefined: none. */
export function stageProtection(
  stage: StageTagsLike,
  spec?: StageFlags | readonly StageFlags[],
): Protection | undefined {
  const name = stage.StageName ?? '';
  const specs: readonly StageFlags[] = spec === undefined ? [] : 'stages' in spec ? [spec] : spec;
  const declared = specs.find((s) => Object.hasOwn(s.stages, name) && s.stages[name]?.protected === true);
  if (declared) return { by: 'spec', detail: declared.file ?? 'the spec' };
  if (stage.Tags?.[PROTECTED_TAG] === 'true') return { by: 'tag', detail: `${PROTECTED_TAG}=true` };
  return undefined;
}

/**
 * The rule: protected by the spec (`spec`: the spec, or the specs, of this stage's API: see `specsFor`) or by the
 * stage's tag.
 */
export function isProtected(stage: StageTagsLike, spec?: StageFlags | readonly StageFlags[]): boolean {
  return stageProtection(stage, spec) !== undefined;
}

/** The specs a workspace has for this API: its `apigw:spec` tag names them, or (an API no deploy tagged) its name. */
export function specsFor(api: LiveApi, specs: SpecFacts[] | undefined): SpecFacts[] {
  const name = api.Tags?.[SPEC_TAG] ?? api.Name;
  return (specs ?? []).filter((s) => s.apiName === name);
}

/** Protection of a stage of `api`, given every spec of the workspace (the ones for other APIs are ignored). */
export function protectionOf(
  api: LiveApi,
  stage: StageTagsLike,
  specs: SpecFacts[] | undefined,
): Protection | undefined {
  return stageProtection(stage, specsFor(api, specs));
}

/** Reads `api.name` and each stage's `protected` / `autoDeploy` from a spec's plain value, tolerating anything else. */
export function specFacts(file: string, value: unknown): SpecFacts | undefined {
  if (!isObject(value) || !isObject(value.api) || typeof value.api.name !== 'string') return undefined;
  const stages: SpecFacts['stages'] = {};
  if (isObject(value.stages)) {
    for (const [name, s] of Object.entries(value.stages)) {
      if (!isObject(s)) continue;
      stages[name] = {
        ...(s.protected === true ? { protected: true } : {}),
        ...(s.autoDeploy === true ? { autoDeploy: true } : {}),
      };
    }
  }
  return { file, apiName: value.api.name, stages };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
