// HTTP proxy integrations: the request forwarded to the backend (after parameter mapping) and its answer passed back.
// A backend that cannot be reached is a 500; one that does not answer within the integration timeout a 503.
import http from 'node:http';
import https from 'node:https';
import type { Clock } from '../core/tail/clock';
import type { ForwardedRequest } from '../core/local/paramMapping';

export type ProxyOutcome =
  | { kind: 'ok'; statusCode: number; headers: Array<[string, string]>; body: Buffer }
  | { kind: 'timeout' }
  | { kind: 'error'; message: string };

// Connections to backends are reused, as API Gateway keeps them open (a new TCP connection per request would make
// the local API slower than the backend it fronts by an order of magnitude).
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'proxy-connection',
]);

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2)
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push([raw[i]!, raw[i + 1]!]);
  return out;
}

/** Sends `req` to `base` (an http(s) URL whose path the forwarded path replaces when `replacePath`). */
export function forward(
  url: URL,
  req: ForwardedRequest,
  body: Buffer,
  timeoutMs: number,
  clock: Clock,
): Promise<ProxyOutcome> {
  return new Promise((resolve) => {
    const search = req.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const headers = req.headers.filter(
      ([k]) => !HOP_BY_HOP.has(k.toLowerCase()) && k.toLowerCase() !== 'content-length',
    );
    const secure = url.protocol === 'https:';
    const lib = secure ? https : http;
    let done = false;
    const finish = (o: ProxyOutcome) => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      resolve(o);
    };
    const out = lib.request(
      {
        method: req.method,
        agent: secure ? agents.https : agents.http,
        hostname: url.hostname,
        port: url.port || undefined,
        path: `${req.path}${search ? `?${search}` : ''}`,
        headers: ['host', url.host, ...headers.flat(), 'content-length', String(body.length)],
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          finish({
            kind: 'ok',
            statusCode: res.statusCode ?? 502,
            headers: pairs(res.rawHeaders),
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', (err) => finish({ kind: 'error', message: err.message }));
      },
    );
    const timer = clock.setTimeout(() => {
      out.destroy();
      finish({ kind: 'timeout' });
    }, timeoutMs);
    out.on('error', (err) => finish({ kind: 'error', message: err.message }));
    out.end(body);
  });
}
