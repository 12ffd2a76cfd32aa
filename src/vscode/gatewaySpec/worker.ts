import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type {
  OutlineOptions,
  OutlineSymbol,
  SpecMessage,
  SpecQuestion,
  SpecRequest,
  SpecResponse,
  TemplatePlace,
} from '../../core/gatewaySpec/bundle';
import { SPEC_ENGINE_RESOURCE_LIMITS } from '../../core/gatewaySpec/engineHeap';
import { WorkbenchError } from '../../core/errors';
import type { Logger } from '../log';
import { formatFor, spec, specInput } from './engine';

// The spec engine runs in a worker thread: validating a 3,000-route YAML spec takes tens of milliseconds, and the
// extension host must never wait on it while the user types. The worker loads the lazy bundle dist/spec.js and
// answers SpecServer messages (src/core/gatewaySpec/server.ts); where no worker can start (or it keeps failing),
// the same server answers in-process, so the features never disappear.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const engine = require(workerData.bundle);
const server = new engine.SpecServer();
parentPort.on('message', (req) => parentPort.postMessage(server.handle(req)));
`;

/** Restarts after a crash before falling back to answering in-process. */
const MAX_RESTARTS = 3;

interface Transport {
  post(req: SpecRequest): void;
  dispose(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class SpecClient implements vscode.Disposable {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** The version of each document the engine has, or is being sent. */
  private readonly synced = new Map<string, { version: number; done: Promise<void> }>();
  /** Documents whose engine copy is the file's bytes (saved, not UTF-8): an edit cannot apply to those. */
  private readonly asBytes = new Set<string>();
  /**
   * Documents whose engine copy may hold U+FFFD, the editor's stand-in for bytes that are not UTF-8: back at their
   * saved state, those are read again (engine.ts `specInput`). Any other document's saved text is its file's.
   */
  private readonly mayHoldFffd = new Set<string>();
  /** How many whole texts and how many edits went to the engine (read by the tests). */
  readonly sent = { texts: 0, edits: 0 };
  private transport: Transport | undefined;
  private restarts = 0;

  constructor(private readonly log: Logger) {}

  /**
   * Asks the engine about exactly this version of `doc`: undefined when the document changed before the answer (a
   * newer request is on its way, or the caller's result would be stale).
   */
  async ask<T>(doc: vscode.TextDocument, req: SpecQuestion): Promise<T | undefined> {
    const version = doc.version;
    await this.sync(doc);
    if (doc.version !== version) return undefined;
    const res = await this.send({ ...req, uri: doc.uri.toString(), version });
    if (!res.ok) {
      if (res.stale) return undefined;
      throw engineFailure(res.error);
    }
    return doc.version === version ? (res.result as T) : undefined;
  }

  /** The outline of exactly this version of `doc` (sections, and each route, integration… with its key's place). */
  outline(doc: vscode.TextDocument, o: OutlineOptions = {}): Promise<OutlineSymbol[] | undefined> {
    return this.ask<OutlineSymbol[]>(doc, { op: 'symbols', ...o });
  }

  /** The mapping templates of exactly this version of a WebSocket spec, with their keys' places (on `lines`). */
  templates(doc: vscode.TextDocument, lines?: { start: number; end: number }): Promise<TemplatePlace[] | undefined> {
    return this.ask<TemplatePlace[]>(doc, { op: 'templates', ...(lines ? { lines } : {}) });
  }

  close(uri: vscode.Uri): void {
    const key = uri.toString();
    this.asBytes.delete(key);
    this.mayHoldFffd.delete(key);
    if (!this.synced.delete(key)) return;
    void this.send({ op: 'close', uri: key });
  }

  dispose(): void {
    this.transport?.dispose();
    this.transport = undefined;
    for (const p of this.pending.values()) p.reject(engineFailure('it stopped'));
    this.pending.clear();
  }

  /**
   * An edit of a document the engine has: its changes follow the text there, so a keystroke in a 1 MB spec sends a
   * character rather than the whole text again (which the host would first have to join from its lines). Anything
   * else — a version skipped, a file the engine holds as bytes, the document back to its saved state with a U+FFFD
   * in it (its file may hold bytes that are not UTF-8, which are checked as bytes) — and the next question sends the
   * whole text. Saving, or undoing to the saved text, sends nothing where no U+FFFD was ever typed or read.
   */
  edited(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const have = this.synced.get(key);
    const version = e.document.version;
    if (!have || have.version === version) {
      // The event of a change of the dirty state alone (after an undo to the saved text, or a save) has no changes.
      if (have && !e.document.isDirty && this.mayHoldFffd.has(key)) this.synced.delete(key);
      return;
    }
    if (have.version !== version - 1 || e.contentChanges.length === 0 || this.asBytes.has(key)) {
      this.synced.delete(key);
      return;
    }
    const changes = e.contentChanges.map((c) => ({ offset: c.rangeOffset, length: c.rangeLength, text: c.text }));
    if (changes.some((c) => c.text.includes('\uFFFD'))) this.mayHoldFffd.add(key);
    // Clean after a change: reloaded from a file changed on disk, whose bytes it may be.
    if (!e.document.isDirty && this.mayHoldFffd.has(key)) {
      this.synced.delete(key);
      return;
    }
    this.sent.edits++;
    // After the text it applies to has been posted (a first open may still be reading the file).
    const done = have.done.then(async () => {
      const res = await this.send({ op: 'edit', uri: key, from: have.version, version, changes });
      if (!res.ok) throw engineFailure(res.error);
    });
    this.track(key, version, done);
  }

  /** Sends the document's content for its current version, once. */
  private sync(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    const have = this.synced.get(key);
    if (have?.version === doc.version) return have.done;
    const version = doc.version;
    const done = specInput(doc).then(async (input) => {
      if (typeof input === 'string') this.asBytes.delete(key);
      else this.asBytes.add(key);
      if (typeof input !== 'string' || input.includes('\uFFFD')) this.mayHoldFffd.add(key);
      else this.mayHoldFffd.delete(key);
      this.sent.texts++;
      const res = await this.send({ op: 'open', uri: key, version, format: formatFor(doc), input });
      if (!res.ok) throw engineFailure(res.error);
    });
    this.track(key, version, done);
    return done;
  }

  /** `version` of the document is (being) sent; if that fails, the next question sends the whole text. */
  private track(key: string, version: number, done: Promise<void>): void {
    this.synced.set(key, { version, done });
    done.catch(() => {
      if (this.synced.get(key)?.done === done) this.synced.delete(key);
    });
  }

  private send(req: SpecMessage): Promise<SpecResponse> {
    const id = this.nextId++;
    return new Promise<SpecResponse>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.transport ??= this.start();
      this.transport.post({ ...req, id });
    });
  }

  private settle(res: SpecResponse): void {
    const p = this.pending.get(res.id);
    if (!p) return;
    this.pending.delete(res.id);
    p.resolve(res);
  }

  private start(): Transport {
    if (this.restarts > MAX_RESTARTS) return this.inProcess();
    try {
      return this.startWorker();
    } catch (err) {
      this.log.error('the spec worker could not start: validating on the extension host', err);
      return this.inProcess();
    }
  }

  private startWorker(): Transport {
    // dist/extension.js sits beside the lazy bundle dist/spec.js.
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bundle: path.join(__dirname, 'spec.js') },
      resourceLimits: SPEC_ENGINE_RESOURCE_LIMITS,
    });
    worker.on('message', (res: SpecResponse) => this.settle(res));
    worker.on('error', (err) => this.crashed(err));
    worker.unref();
    return { post: (req) => worker.postMessage(req), dispose: () => void worker.terminate() };
  }

  /** A crash loses the worker's documents: every request in flight fails, and the next one starts afresh. */
  private crashed(err: unknown): void {
    this.log.error('the spec worker stopped', err);
    this.restarts++;
    this.transport?.dispose();
    this.transport = undefined;
    this.synced.clear();
    this.asBytes.clear();
    this.mayHoldFffd.clear();
    for (const p of this.pending.values()) p.reject(engineFailure('it stopped; the next edit restarts it'));
    this.pending.clear();
  }

  private inProcess(): Transport {
    const server = new (spec().SpecServer)();
    return {
      post: (req) => setImmediate(() => this.settle(server.handle(req))),
      dispose: () => undefined,
    };
  }
}

/** The spec engine's worker could not answer: the editor's features for that spec say so in the log. */
function engineFailure(why: string): WorkbenchError {
  return new WorkbenchError('Unknown', `The spec engine failed: ${why}.`, {
    hint: 'Show Log has the details; reopening the file starts it again.',
    fix: { label: 'Show Log', command: { id: 'apigw.showLog' } },
  });
}
