// Renders the local API's mapping templates in a worker thread (src/local/templateWorker.ts), started on the first
// template: a render that outlasts the integration's timeout, or fills the worker's heap, ends the worker — every
// render in flight fails with the reason and the next one starts a new worker — and the local API goes on serving.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../core/tail/clock';
import type { Rendered, TemplateInput } from '../core/local/vtl';

/** The worker's heap: ample for templates of up to 300 KB (AWS's quota) over a 128 KB message. */
const TEMPLATE_HEAP_MB = 128;

/** A script of this directory: the esbuild bundle `bundle` (dist/) when there is one, else tsc's `compiled` (out/). */
export function scriptBeside(bundle: string, compiled: string): string {
  const bundled = path.join(__dirname, bundle);
  return fs.existsSync(bundled) ? bundled : path.join(__dirname, compiled);
}

export class TemplateRunner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, (result: Rendered) => void>();

  constructor(private readonly clock: Clock) {}

  /** Renders `template`; fails (never throws) when it errs, takes over `timeoutMs` or runs out of memory. */
  render(template: string, input: TemplateInput, timeoutMs: number): Promise<Rendered> {
    const id = this.nextId++;
    return new Promise<Rendered>((resolve) => {
      const timer = this.clock.setTimeout(() => this.timedOut(timeoutMs), timeoutMs);
      this.pending.set(id, (result) => {
        this.clock.clearTimeout(timer);
        resolve(result);
      });
      this.started().postMessage({ id, template, input });
    });
  }

  dispose(): void {
    this.end('the local API stopped');
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(scriptBeside('local-templates.js', 'templateWorker.js'), {
      resourceLimits: { maxOldGenerationSizeMb: TEMPLATE_HEAP_MB },
    });
    worker.on('message', (m: { id: number; result: Rendered }) => this.settle(m.id, m.result));
    worker.on('error', (err) => this.crashed(worker, err));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(id: number, result: Rendered): void {
    const done = this.pending.get(id);
    this.pending.delete(id);
    done?.(result);
  }

  private timedOut(timeoutMs: number): void {
    this.end(`the mapping template did not finish within the integration's timeout (${timeoutMs} ms)`);
  }

  private crashed(worker: Worker, err: Error): void {
    if (worker !== this.worker) return;
    const reason = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ran out of memory' : err.message;
    this.end(`the mapping template failed: ${reason}`);
  }

  /** Ends the worker: every render in flight fails with `reason`; the next render starts a new one. */
  private end(reason: string): void {
    void this.worker?.terminate();
    this.worker = undefined;
    const waiting = [...this.pending.keys()];
    for (const id of waiting) this.settle(id, { ok: false, error: reason });
  }
}
