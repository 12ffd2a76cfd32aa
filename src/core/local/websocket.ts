// WebSocket API rules that need no socket: route selection by the API's route selection expression, the error
// frames API Gateway sends, and a frame-header scanner that enforces AWS's 32 KB frame quota (ws only limits whole
// messages). https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html,
// quotas in docs/AWS.md#api-gateway-v2-quotas.
import { evaluate, parseJson } from './expressions';

/** AWS's limits, and the ones the local API uses unless told otherwise (tests make them small). */
export interface WebSocketLimits {
  maxFrameBytes: number;
  maxMessageBytes: number;
  idleTimeoutMs: number;
  maxDurationMs: number;
}

export const AWS_WEBSOCKET_LIMITS: WebSocketLimits = {
  maxFrameBytes: 32 * 1024,
  maxMessageBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxDurationMs: 2 * 60 * 60 * 1000,
};

/**
 * The route key a message selects: the expression evaluated against the JSON body; `$default` when the body is not
 * JSON, or when no route has the evaluated key. Undefined when nothing matches and there is no `$default` route.
 */
export function selectWsRoute(
  expression: string,
  body: string | undefined,
  routeKeys: Set<string>,
): string | undefined {
  const parsed = body !== undefined ? parseJson(body) : undefined;
  // The whole message: AWS documents no 100 KB cut for WebSocket routes, which take any JSON message (128 KB).
  const key = parsed?.ok ? evaluate(expression, { body, parsedBody: parsed }) : undefined;
  if (key !== undefined && key !== '$connect' && key !== '$disconnect' && routeKeys.has(key)) return key;
  return routeKeys.has('$default') ? '$default' : undefined;
}

/** Where a WebSocket API takes its API keys from (its `apiKeySelectionExpression`) and which it accepts. */
export interface ApiKeyCheck {
  selection: '$request.header.x-api-key' | '$context.authorizer.usageIdentifierKey' | undefined;
  /** The `$connect` request's `x-api-key` header. */
  header: string | undefined;
  /** The `usageIdentifierKey` the route's Lambda authorizer returned. */
  authorizerKey: string | undefined;
  /** The keys the local API accepts (the mapping file's `apiKeys`); undefined: any. */
  accepted: ReadonlySet<string> | undefined;
}

/**
 * Why API Gateway refuses a `$connect` whose route requires an API key (a 403), or undefined: the key the API's key
 * selection expression selects (the `x-api-key` header by default) must be there, and be a key of its usage plans
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-routes.html). The reason never
 * holds the key.
 */
export function apiKeyRefusal(c: ApiKeyCheck): string | undefined {
  const fromAuthorizer = c.selection === '$context.authorizer.usageIdentifierKey';
  const key = fromAuthorizer ? c.authorizerKey : c.header;
  const source = fromAuthorizer ? "the authorizer's usageIdentifierKey" : 'the x-api-key header';
  if (!key) return `the route requires an API key and ${source} gives none`;
  if (c.accepted && !c.accepted.has(key)) return `the API key of ${source} is not one of the mapping file's apiKeys`;
  return undefined;
}

/**
 * An upgrade's `Sec-WebSocket-Version` that is there and not 13, the version RFC 6455 defines: refused with 426 and
 * `Sec-WebSocket-Version: 13` (RFC 6455, 4.2.2). A missing one is a malformed handshake, which ws refuses with 400.
 */
export function unsupportedWebSocketVersion(version: string | undefined): boolean {
  return version !== undefined && version.trim() !== '13';
}

/** The frame API Gateway sends back when a message fails (`Forbidden` for no route, `Internal server error`…). */
export function wsErrorFrame(message: string, connectionId: string, requestId: string): string {
  return JSON.stringify({ message, connectionId, requestId });
}

/**
 * Follows WebSocket frame boundaries in the client's byte stream (RFC 6455 §5.2) and reports the first data frame
 * whose payload is over the limit. Control frames are at most 125 bytes by the RFC, so only their headers matter.
 */
export class FrameScanner {
  private header: number[] = [];
  private skip = 0;
  private stopped = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** Feeds bytes; returns the size of an oversized frame as soon as its header is seen, else undefined. */
  push(chunk: Uint8Array): number | undefined {
    let i = 0;
    while (i < chunk.length && !this.stopped) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        continue;
      }
      this.header.push(chunk[i++]!);
      const size = this.headerSize();
      if (size === undefined || this.header.length < size) continue;
      const payload = this.payloadLength();
      this.header = [];
      if (payload > this.maxFrameBytes) {
        this.stopped = true;
        return payload;
      }
      this.skip = payload;
    }
    return undefined;
  }

  private headerSize(): number | undefined {
    if (this.header.length < 2) return undefined;
    const len7 = this.header[1]! & 0x7f;
    const masked = (this.header[1]! & 0x80) !== 0;
    return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0);
  }

  private payloadLength(): number {
    const h = this.header;
    const len7 = h[1]! & 0x7f;
    if (len7 < 126) return len7;
    if (len7 === 126) return (h[2]! << 8) | h[3]!;
    let n = 0;
    for (let j = 2; j < 10; j++) n = n * 256 + h[j]!;
    return n;
  }
}
