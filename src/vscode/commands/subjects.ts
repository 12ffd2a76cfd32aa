// What a command acts on — its subject — as plain data, whichever way it arrived: a tree node, a command-argument
// object, or a picker. Tree nodes say what they stand for through one method ([SUBJECT]); nobody else decodes them.
import type * as vscode from 'vscode';
import type { ResourceKind } from '../../core/awsIds';
import type { LiveApi, LiveStage, LiveRoute } from '../../core/deploy/live';
import type { LocalEndpoint } from '../capabilities/local';

/**
 * The kinds of subject a command can need (the command table's `subject`). `wsStage`: a WebSocket stage, deployed
 * (as `stage`) or a spec running locally (the Local entry, `{ local: KEY }`, or the picker, which offers the local
 * WebSocket APIs first while one runs).
 */
export type SubjectKind = 'none' | 'api' | 'stage' | 'wsStage' | 'route' | 'spec' | 'resource' | 'node';

/** Kinds only a tree node can give: such commands are hidden from the command palette. */
export const NODE_ONLY_SUBJECTS: readonly SubjectKind[] = ['resource', 'node'];

export interface ApiSubject {
  readonly id: string;
  readonly name: string;
  readonly protocol: 'HTTP' | 'WEBSOCKET';
  readonly region: string;
  /** As AWS returned it. */
  readonly api: LiveApi;
}

export interface StageSubject {
  readonly api: ApiSubject;
  readonly name: string;
  /** As AWS returned it, when the subject came from somewhere that had read it (a tree node, a picker). */
  readonly stage?: LiveStage;
}

export interface RouteSubject {
  readonly api: ApiSubject;
  readonly id: string;
  readonly key: string;
  readonly route?: LiveRoute;
}

/** An AWS resource by kind and id: what Copy ID, Copy ARN, Open in Console and the deletes act on. */
export interface ResourceRef {
  readonly kind: ResourceKind;
  readonly apiId: string;
  readonly id: string;
  readonly region: string;
  /** A human name for messages: route key, stage name, integration target. */
  readonly label: string;
}

export interface SpecSubject {
  readonly doc: vscode.TextDocument;
}

/** What a tree node stands for; nodes under an API carry it too. */
export interface NodeSubject {
  /** The connection the node was read with (`Connection.key`): a command refuses a node of another one. */
  readonly connectionKey?: string;
  readonly api?: ApiSubject;
  readonly stage?: StageSubject;
  readonly route?: RouteSubject;
  readonly resource?: ResourceRef;
  /** A spec running locally (its key in the local feature): the Local entry and its routes. */
  readonly local?: string;
}

// Symbol.for: the same symbol in every copy of this module (the extension's bundle, the tests' compiled sources).
export const SUBJECT = Symbol.for('apigw.subject');

/** A tree node: anything that can say what it stands for. */
export interface SubjectSource {
  [SUBJECT](): NodeSubject;
}

export function isSubjectSource(x: unknown): x is SubjectSource {
  return typeof x === 'object' && x !== null && typeof (x as Partial<SubjectSource>)[SUBJECT] === 'function';
}

/** Where the subject came from: a rollback given ids goes to the default target, a picked one asks. */
export type SubjectSourceKind = 'node' | 'args' | 'picker' | 'none';

export interface Resolved {
  readonly source: SubjectSourceKind;
  readonly api?: ApiSubject;
  readonly stage?: StageSubject;
  readonly route?: RouteSubject;
  readonly resource?: ResourceRef;
  readonly spec?: SpecSubject;
  readonly node?: SubjectSource;
  /** The local run a Local entry stands for (commands without a subject of their own, run from its menu). */
  readonly local?: string;
  /** The running local API a `wsStage` command acts on, instead of a deployed stage. */
  readonly localApi?: LocalEndpoint;
}

/** The subject a handler gets: what its kind requires is there; the rest is there when the invocation had it. */
export type SubjectOf<K extends SubjectKind> = Resolved &
  (K extends 'api'
    ? { api: ApiSubject }
    : K extends 'stage'
      ? { api: ApiSubject; stage: StageSubject }
      : K extends 'wsStage'
        ? { api: ApiSubject; stage: StageSubject; localApi?: undefined } | { localApi: LocalEndpoint }
        : K extends 'route'
          ? { api: ApiSubject; route: RouteSubject }
          : K extends 'spec'
            ? { spec: SpecSubject }
            : K extends 'resource'
              ? { resource: ResourceRef }
              : K extends 'node'
                ? { node: SubjectSource }
                : unknown);

export function apiSubject(api: LiveApi, region: string): ApiSubject {
  return {
    id: api.ApiId ?? '',
    name: api.Name ?? api.ApiId ?? '',
    protocol: api.ProtocolType === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
    region,
    api,
  };
}
