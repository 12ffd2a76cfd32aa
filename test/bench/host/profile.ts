// Who held the extension host's thread: a CPU profile of the host (node:inspector, in-process) cut into busy stretches
// (samples between two idle ones), each with the part spent in the extension's own bundles (dist/). A bench reports
// the longest stretch beside how much of it was ours: the rest is VS Code's (its RPC, code-server's compression of
// what it sends, other extensions, the garbage collector).
import fs from 'node:fs';
import * as inspector from 'node:inspector';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HostShare {
  /** The longest busy stretch of the host thread, ms. */
  longestMs: number;
  /** Of it, ms in the extension's own code (anywhere on the stack). */
  longestOursMs: number;
  /** The most time the extension's code held the thread in any one stretch, ms. */
  maxOursMs: number;
}

function post<T>(s: inspector.Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) =>
    s.post(method, params, (err, res) => (err ? reject(err) : resolve(res as T))),
  );
}

/** Starts sampling every 500 µs; the returned function stops and says who held the thread. */
export async function profileHost(ourPath: string): Promise<() => Promise<HostShare>> {
  const session = new inspector.Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 500 });
  await post(session, 'Profiler.start');
  return async () => {
    const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
    session.disconnect();
    // For a closer look in DevTools or any .cpuprofile reader.
    if (process.env.APIGW_BENCH_PROFILE_DIR)
      fs.writeFileSync(
        path.join(process.env.APIGW_BENCH_PROFILE_DIR, `host-${Date.now()}.cpuprofile`),
        JSON.stringify(profile),
      );
    return shareOf(profile, ourPath);
  };
}

/** Nodes with a frame from `path` anywhere on their stack. */
function nodesUnder(p: Profile, where: (url: string) => boolean): Set<number> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const under = new Set<number>();
  for (const n of p.nodes) {
    for (let x: number | undefined = n.id; x !== undefined; x = parent.get(x))
      if (where(byId.get(x)!.callFrame.url)) {
        under.add(n.id);
        break;
      }
  }
  return under;
}

/** This file: stopping the profiler hands the whole profile over on the host thread, which is not the host's work. */
const PROFILER = __filename;

export function shareOf(p: Profile, ourPath: string): HostShare {
  const ours = nodesUnder(p, (url) => url.includes(ourPath));
  const idle = new Set(p.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  for (const id of nodesUnder(p, (url) => url.endsWith(PROFILER))) idle.add(id);
  const out: HostShare = { longestMs: 0, longestOursMs: 0, maxOursMs: 0 };
  let run = 0;
  let runOurs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const ms = (p.timeDeltas[i] ?? 0) / 1000;
    const id = p.samples[i]!;
    if (idle.has(id)) {
      run = 0;
      runOurs = 0;
      continue;
    }
    run += ms;
    if (ours.has(id)) runOurs += ms;
    if (run > out.longestMs) Object.assign(out, { longestMs: run, longestOursMs: runOurs });
    out.maxOursMs = Math.max(out.maxOursMs, runOurs);
  }
  return out;
}
