// The specs running locally in this window (Run Spec Locally), as the command wrapper sees them: commands whose
// subject may be a local API (Connect to Stage…, the @connections commands) resolve it from here, from the Local entry
// or the picker, without calling AWS. The local feature keeps the runs and is the only source (activate() wires it);
// nothing here starts or stops one.
import type * as vscode from 'vscode';
import type { GatewaySpec } from '../../core/gatewaySpec/model';

/** A spec running locally. */
export interface LocalEndpoint {
  /** The spec file's path: one run per spec (the Local entry's `NodeSubject.local`). */
  readonly key: string;
  readonly specUri: vscode.Uri;
  /** The API's name. */
  readonly name: string;
  readonly protocol: 'HTTP' | 'WEBSOCKET';
  readonly stage: string;
  /** `http://127.0.0.1:PORT[/STAGE]`. */
  readonly url: string;
  /** `ws://127.0.0.1:PORT[/STAGE]` for WebSocket APIs. */
  readonly wsUrl: string | undefined;
  /** Served over HTTPS (a custom domain with mutual TLS): the CA file of the certificate the run made. */
  readonly serverCaFile: string | undefined;
  /** The spec as the engine serves it (after its reloads). */
  readonly spec: GatewaySpec;
  /**
   * The first key pair of the mapping file's `iam.credentials` (read when asked), which the local API's AWS_IAM
   * checks and `@connections` accept: the editor signs its management calls with it. Undefined without one.
   */
  signingKeys(): LocalKeys | undefined;
}

/** Local-only keys from a mapping file: never a profile's, never shown. */
export interface LocalKeys {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface LocalApis {
  /** The running local APIs, in the order they started. */
  list(): readonly LocalEndpoint[];
}

/** The capability: empty until the local feature is wired as its source. */
export class LocalApiSource implements LocalApis {
  private source: () => readonly LocalEndpoint[] = () => [];

  provide(source: () => readonly LocalEndpoint[]): void {
    this.source = source;
  }

  list(): readonly LocalEndpoint[] {
    return this.source();
  }
}
