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
  /** "Length, in characters, of the URL for a WebSocket API": counted on the upgrade's request target. */
  maxUrlChars: number;
}

export const AWS_WEBSOCKET_LIMITS: WebSocketLimits = {
  maxFrameBytes: 32 * 1024,
  maxMessageBytes: 128 * 1024,
  idleTimeoutMs: 10 * 60 * 1000,
  maxDurationMs: 2 * 60 * 60 * 1000,
  maxUrlChars: 4096,
};

/**
 * Why an upgrade's URL is over the WebSocket quota on its length (4,096 characters, which AWS cannot raise), else
 * undefined. AWS's quota page does not say which part of the URL it counts: the local API counts the request target as
 * the request line carries it (`/dev?token=…`: path and query; a whole absolute-form URL when the client sent one),
 * not the scheme and host a client's `wss://` URL adds before it.
 */
export function webSocketUrlTooLong(target: string, maxUrlChars: number): string | undefined {
  if (target.length <= maxUrlChars) return undefined;
  return `the URL is ${target.length.toLocaleString('en-US')} characters, over API Gateway's WebSocket quota of ${maxUrlChars.toLocaleString('en-US')}`;
}

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

/**
 * The frame API Gateway sends back when a message fails (`Forbidden` for no route, `Internal server error`…), byte
 * for byte as AWS writes it — a space after `"message":` and after each comma, none after the other colons:
 * `{"message": "Forbidden", "connectionId":"XDmENcnwIE0CFEQ=", "requestId":"XDmGEE2RoE0FRdQ="}` (AWS's request
 * validation page shows the same for "Invalid request body", users' wscat sessions for the others).
 */
export function wsErrorFrame(message: string, connectionId: string, requestId: string): string {
  const q = (v: string) => JSON.stringify(v);
  return `{"message": ${q(message)}, "connectionId":${q(connectionId)}, "requestId":${q(requestId)}}`;
}

/** A close frame a client sent: its status code (1005 when it carries none) and its reason. */
export interface ClientClose {
  code: number;
  reason: string;
}

/** A close code a client may send (RFC 6455, 7.4; ws refuses the others with 1002). */
function isSendableCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
  );
}

/**
 * Follows WebSocket frame boundaries in the client's byte stream (RFC 6455 §5.2) and reports the first data frame
 * whose payload is over the limit. Control frames are at most 125 bytes by the RFC, so only their headers matter,
 * except a close frame's: `onClose` gets its code and reason as soon as it is whole, valid or not read further (ws
 * answers an invalid one with its own close).
 */
export class FrameScanner {
  private header: number[] = [];
  private skip = 0;
  private stopped = false;
  /** The close frame being read: its masking key and the payload so far. */
  private close: { mask: number[]; length: number; payload: number[] } | undefined;

  constructor(
    private readonly maxFrameBytes: number,
    private readonly onClose?: (close: ClientClose) => void,
  ) {}

  /** Feeds bytes; returns the size of an oversized frame as soon as its header is seen, else undefined. */
  push(chunk: Uint8Array): number | undefined {
    let i = 0;
    while (i < chunk.length && !this.stopped) {
      if (this.close) {
        const c = this.close;
        while (i < chunk.length && c.payload.length < c.length) c.payload.push(chunk[i++]!);
        if (c.payload.length === c.length) this.closed();
        continue;
      }
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
      const h = this.header;
      this.header = [];
      if (payload > this.maxFrameBytes) {
        this.stopped = true;
        return payload;
      }
      if (this.isCloseFrame(h, payload)) {
        this.close = { mask: h.slice(-4), length: payload, payload: [] };
        if (payload === 0) this.closed();
        continue;
      }
      this.skip = payload;
    }
    return undefined;
  }

  /**
   * A close frame as a client may send it: final, no reserved bits, masked, a payload of 0 or 2 to 125 bytes. Any
   * other is ws's to refuse, with 1002.
   */
  private isCloseFrame(h: number[], payload: number): boolean {
    const masked = (h[1]! & 0x80) !== 0;
    return !!this.onClose && h[0] === 0x88 && masked && payload !== 1 && payload <= 125;
  }

  /** A whole close frame: its code and reason, when they are valid; nothing after it is read. */
  private closed(): void {
    const { mask, payload } = this.close!;
    this.close = undefined;
    this.stopped = true;
    const bytes = Uint8Array.from(payload, (b, j) => b ^ mask[j % 4]!);
    if (bytes.length === 0) return this.onClose?.({ code: 1005, reason: '' });
    const code = (bytes[0]! << 8) | bytes[1]!;
    let reason: string;
    try {
      reason = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(2));
    } catch {
      return;
    }
    if (isSendableCloseCode(code)) this.onClose?.({ code, reason });
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
