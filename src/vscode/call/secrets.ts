// The secrets a call adds, as the route declares them: a JWT per issuer, a Lambda authorizer's identity sources per
// authorizer, an API key per API — each asked once in a password box and kept in VS Code's SecretStorage (the OS
// keychain), never in a file, the log, an output channel or the history; and, for AWS_IAM routes, the connection's
// credentials (a local API's: the keys of its mapping file). "Forget Saved Tokens" deletes the kept secrets.
// SecretStorage cannot list its keys, so the names of the keys stored (issuer URLs, authorizer names: not secrets) are
// kept beside them under one index key.
import type { AwsCredentialIdentity } from '@smithy/types';
import type * as vscode from 'vscode';
import type { AuthProviders, IdentityNeed, TokenNeed } from '../../aws/call';
import type { Runtime } from '../runtime';
import type { CallContext } from './target';

const PREFIX = 'apigw.call.';
const INDEX = `${PREFIX}index`;

export class CallSecrets {
  constructor(private readonly store: vscode.SecretStorage) {}

  private async index(): Promise<string[]> {
    try {
      const list: unknown = JSON.parse((await this.store.get(INDEX)) ?? '[]');
      return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }

  async get(key: string): Promise<string | undefined> {
    return this.store.get(PREFIX + key);
  }

  async set(key: string, value: string): Promise<void> {
    await this.store.store(PREFIX + key, value);
    const keys = await this.index();
    if (!keys.includes(key)) await this.store.store(INDEX, JSON.stringify([...keys, key]));
  }

  /** The number of values deleted. */
  async forgetAll(): Promise<number> {
    const keys = await this.index();
    for (const k of keys) await this.store.delete(PREFIX + k);
    await this.store.delete(INDEX);
    return keys.length;
  }

  /** The stored value, else the one typed into a password box (then stored); undefined when none is given. */
  async getOrAsk(rt: Runtime, key: string, title: string, prompt: string): Promise<string | undefined> {
    const kept = await this.get(key);
    if (kept) return kept;
    const typed = (await rt.prompts.input({ title, prompt, password: true }))?.trim();
    if (!typed) return undefined;
    await this.set(key, typed);
    return typed;
  }
}

function tokenProvider(rt: Runtime, secrets: CallSecrets) {
  return (need: TokenNeed) => {
    const issuer = need.issuer ?? need.authorizer ?? need.routeKey;
    return secrets.getOrAsk(
      rt,
      `jwt:${issuer}`,
      `JWT for ${issuer}`,
      `${need.routeKey} takes a bearer token from ${issuer}${need.scopes.length ? ` with ${need.scopes.join(', ')}` : ''}. It is kept in VS Code's secret storage (Forget Saved Tokens removes it).`,
    );
  };
}

function identityProvider(rt: Runtime, secrets: CallSecrets, apiName: string) {
  return async (need: IdentityNeed) => {
    const out: Record<string, string> = {};
    for (const s of need.sources) {
      const where = s.in === 'header' ? 'header' : 'query parameter';
      const value = await secrets.getOrAsk(
        rt,
        `identity:${apiName}:${need.authorizer ?? need.routeKey}:${s.in}:${s.name}`,
        `${s.name} for ${need.authorizer ?? need.routeKey}`,
        `${need.routeKey} is authorized by ${need.authorizer ? `the Lambda authorizer ${need.authorizer}` : 'a Lambda authorizer'}: the value of its ${where} ${s.name} (kept in VS Code's secret storage).`,
      );
      if (value) out[s.name] = value;
    }
    return out;
  };
}

/** A local API's mapping keys (it checks signatures against those, whatever the profile), else the connection's. */
async function signingCredentials(rt: Runtime, ctx: CallContext): Promise<AwsCredentialIdentity> {
  const keys = ctx.localKeys?.();
  if (keys) return keys;
  return (await rt.connection.session()).credentials();
}

/**
 * The editor's providers for one call: secrets from SecretStorage (asked once); AWS_IAM signed with a local API's
 * mapping keys when it has some, else with the connection's credentials.
 */
export function editorProviders(rt: Runtime, secrets: CallSecrets, ctx: CallContext): AuthProviders {
  return {
    token: tokenProvider(rt, secrets),
    identity: identityProvider(rt, secrets, ctx.api.name),
    apiKey: (need) =>
      secrets.getOrAsk(
        rt,
        `apiKey:${ctx.api.name}`,
        `API key for ${ctx.api.name}`,
        `${need.routeKey} requires an API key (x-api-key). It is kept in VS Code's secret storage.`,
      ),
    aws: { credentials: () => signingCredentials(rt, ctx), region: ctx.region },
  };
}
