// The local AWS test service: one HTTP server on 127.0.0.1 that speaks API Gateway v2 (REST-JSON), CloudWatch Logs
// (JSON 1.1, with StartLiveTail's event stream), CloudWatch (JSON 1.0 with query-compatible errors), STS
// (awsQuery) and Lambda's GetFunctionConfiguration (REST-JSON, lambda.ts), so tests use the real @aws-sdk clients through the endpoint override. It keeps state in memory per
// region, throttles like AWS, injects faults on request and records every call. `/__localaws/*` is the control surface that child-process users (host and UI tests) reach.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';
import { sleep, systemClock, type Clock } from '../../src/core/tail/clock';
import { ApiGateway, emptyRegion, type RegionState } from './apigw';
import { AWS_CLOUDWATCH_RATES, CloudWatch, CLOUDWATCH_TARGET, cloudwatchErrorWire } from './cloudwatch';
import { AwsError, clone, type Json, type ServiceRequest } from './common';
import {
  AWS_APIGW_RATE,
  echoMessage,
  FaultInjector,
  TokenBucket,
  type FaultKind,
  type FaultRule,
  type Rate,
} from './faults';
import { Lambda, LAMBDA_PATH, lambdaErrorWire, lambdaOperation, lambdaParams } from './lambda';
import { Logs, type LiveTailSink, type LogGroup } from './logs';
import { idMaker, seededRandom } from './random';
import { seededFunctions, type SeedFile, type SeedIdentity } from './seed';
import { stsError, stsHandle, stsOperation } from './sts';

export type Service = 'apigateway' | 'logs' | 'sts' | 'cloudwatch' | 'lambda';

export interface LocalAwsConfig {
  account: string;
  /** Region for unsigned requests and for seed entries that name none. */
  defaultRegion: string;
  /** API Gateway management calls per account and region; null turns throttling off. */
  apigatewayRate: Rate | null;
  /** CloudWatch Logs calls; off unless a test asks. */
  logsRate: Rate | null;
  /** CloudWatch calls per operation (AWS's quotas by default); null turns throttling off. */
  cloudwatchRates: Record<string, Rate> | null;
  /** ListMetrics page size (AWS: 500). */
  listMetricsPageSize: number;
  /** Extra latency on every call (the bench uses 20 ms). */
  latencyMs: number;
  /** API Gateway page size when the caller sends no MaxResults. */
  pageSize: number;
  /** CloudWatch Logs `limit` default. */
  logsPageSize: number;
  liveTail: { intervalMs: number; maxEventsPerUpdate: number; maxSessionMs: number };
}

export const DEFAULT_CONFIG: LocalAwsConfig = {
  account: '123456789012',
  defaultRegion: 'us-east-1',
  apigatewayRate: { ...AWS_APIGW_RATE },
  logsRate: null,
  cloudwatchRates: { ...AWS_CLOUDWATCH_RATES },
  listMetricsPageSize: 500,
  latencyMs: 0,
  pageSize: 25,
  logsPageSize: 50,
  // AWS: one update per second, at most 500 events each, sessions end after 3 hours (docs/AWS.md).
  liveTail: { intervalMs: 1000, maxEventsPerUpdate: 500, maxSessionMs: 3 * 60 * 60 * 1000 },
};

export interface CallRecord {
  seq: number;
  service: Service;
  operation: string;
  region: string;
  /** Path labels, query and body as sent (for STS: the form fields). */
  params: Json;
  status: number;
  /** Error code answered, if any. */
  error?: string;
  fault?: FaultKind;
  /** The JSON answered (tests compare it field by field with the SDK's shapes). */
  response?: Json;
  time: number;
}

export interface CallFilter {
  service?: Service;
  operation?: string;
  /** Only calls after this sequence number. */
  since?: number;
}

/** What tests drive, in-process (`LocalAws`) or through the control endpoint (`RemoteLocalAws`). */
export interface LocalAwsControl {
  readonly endpoint: string;
  configure(config: Partial<LocalAwsConfig>): Promise<void>;
  addFaults(rules: FaultRule[]): Promise<number[]>;
  clearFaults(ids?: number[]): Promise<void>;
  calls(filter?: CallFilter): Promise<CallRecord[]>;
  clearCalls(): Promise<void>;
  /** Adds to the current state. */
  seed(seed: SeedFile): Promise<void>;
  /** Empties every region (and the call log), then seeds. */
  reset(seed?: SeedFile): Promise<void>;
  /** Live tail sessions open now. */
  liveTailSessions(): Promise<number>;
  /** Ends every live tail session with a SessionStreamingException. */
  breakLiveTails(): Promise<number>;
  /** Moves a seeded CloudWatch alarm to a state (OK, ALARM, INSUFFICIENT_DATA); false when there is no such alarm. */
  setAlarmState(name: string, state: string, reason?: string): Promise<boolean>;
}

const MAX_CALLS = 50_000;

export interface LocalAwsOptions {
  port?: number;
  seed?: SeedFile;
  /** Seed of the random generator behind ids and fault probabilities. */
  randomSeed?: number;
  config?: Partial<LocalAwsConfig>;
  /**
   * The time the service's own accounting reads: token buckets, latency (faults and `latencyMs`) and call times.
   * Tests pass a fake one to decide throttling and delays without depending on how fast the machine runs.
   */
  clock?: Clock;
}

export class LocalAws implements LocalAwsControl {
  readonly config: LocalAwsConfig;
  private readonly regions = new Map<string, RegionState>();
  private readonly logGroups = new Map<string, Map<string, LogGroup>>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly random: () => number;
  private readonly newId: (n: number) => string;
  private readonly faults: FaultInjector;
  private readonly apigw: ApiGateway;
  private readonly logs: Logs;
  private readonly cloudwatch: CloudWatch;
  private readonly lambda = new Lambda();
  private readonly codec = new EventStreamCodec(toUtf8, fromUtf8);
  private readonly clock: Clock;
  private readonly port: number;
  private identities: Record<string, SeedIdentity> = {};
  private callLog: CallRecord[] = [];
  private seq = 0;
  private readonly sockets = new Set<import('node:net').Socket>();
  /** Requests received but not in the call log yet. */
  private arriving = 0;
  private server: http.Server | undefined;
  endpoint = '';

  private constructor(options: LocalAwsOptions) {
    this.config = { ...clone(DEFAULT_CONFIG), ...options.config };
    this.clock = options.clock ?? systemClock;
    this.port = options.port ?? 0;
    this.random = seededRandom(options.randomSeed ?? 1);
    this.newId = idMaker(this.random);
    this.faults = new FaultInjector(this.random);
    this.apigw = new ApiGateway({
      region: (r) => this.region(r),
      newId: (n) => this.newId(n),
      now: () => new Date(),
      defaultPageSize: () => this.config.pageSize,
    });
    this.logs = new Logs({
      groups: (r) => {
        let g = this.logGroups.get(r);
        if (!g) this.logGroups.set(r, (g = new Map()));
        return g;
      },
      account: () => this.config.account,
      now: () => Date.now(),
      newId: (n) => this.newId(n),
      defaultPageSize: () => this.config.logsPageSize,
      liveTail: () => this.config.liveTail,
    });
    this.cloudwatch = new CloudWatch({
      apis: (r) => this.region(r).apis,
      account: () => this.config.account,
      now: () => Date.now(),
      listMetricsPageSize: () => this.config.listMetricsPageSize,
    });
  }

  /** Starts the service on 127.0.0.1 (a free port unless one is given). */
  static async start(options: LocalAwsOptions = {}): Promise<LocalAws> {
    const aws = LocalAws.create(options);
    await aws.listen();
    return aws;
  }

  /** The service, seeded but not listening yet (`listen()`): what a suite's fixture holds before its tests run. */
  static create(options: LocalAwsOptions = {}): LocalAws {
    const aws = new LocalAws(options);
    if (options.seed) aws.applySeed(options.seed);
    return aws;
  }

  /** Listens on 127.0.0.1; `endpoint` is set from then on. */
  async listen(): Promise<void> {
    const server = http.createServer((req, res) => {
      void this.onRequest(req, res);
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.logs.breakLiveTails('The service is shutting down');
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  // ---- control ------------------------------------------------------------------------------------------------

  async configure(config: Partial<LocalAwsConfig>): Promise<void> {
    Object.assign(this.config, clone(config));
    if ('apigatewayRate' in config || 'logsRate' in config || 'cloudwatchRates' in config) this.buckets.clear();
  }

  async addFaults(rules: FaultRule[]): Promise<number[]> {
    return this.faults.add(rules);
  }

  async clearFaults(ids?: number[]): Promise<void> {
    this.faults.clear(ids);
  }

  async calls(filter: CallFilter = {}): Promise<CallRecord[]> {
    return this.callLog.filter(
      (c) =>
        (filter.service === undefined || c.service === filter.service) &&
        (filter.operation === undefined || c.operation === filter.operation) &&
        (filter.since === undefined || c.seq > filter.since),
    );
  }

  async clearCalls(): Promise<void> {
    this.callLog = [];
  }

  async seed(seed: SeedFile): Promise<void> {
    this.applySeed(seed);
  }

  async reset(seed?: SeedFile): Promise<void> {
    this.logs.breakLiveTails('The service was reset');
    this.logs.holdUpdates = false;
    this.regions.clear();
    this.logGroups.clear();
    this.cloudwatch.reset();
    this.lambda.reset();
    this.buckets.clear();
    this.identities = {};
    this.callLog = [];
    this.faults.clear();
    if (seed) this.applySeed(seed);
  }

  async liveTailSessions(): Promise<number> {
    return this.logs.liveSessions;
  }

  async breakLiveTails(): Promise<number> {
    return this.logs.breakLiveTails();
  }

  /**
   * Resolves once no client is connected and every request that came in is in the call log: a test whose clients
   * worked in the background (a tail) closes them and waits for this, so none of their calls lands in the next test.
   */
  async drained(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.sockets.size > 0 || this.arriving > 0) {
      if (Date.now() > deadline)
        throw new Error(`the local AWS service still has ${this.sockets.size} connections after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * Live tail updates wait while `during` runs, then go out at the next interval: events put meanwhile, in any
   * group, share one update however slowly the machine runs (in-process only).
   */
  async holdLiveTailUpdates<T>(during: () => Promise<T>): Promise<T> {
    this.logs.holdUpdates = true;
    try {
      return await during();
    } finally {
      this.logs.holdUpdates = false;
    }
  }

  async setAlarmState(name: string, state: string, reason?: string): Promise<boolean> {
    return this.cloudwatch.setAlarmState(name, state, reason);
  }

  /** The state of one region's API Gateway, for assertions that look past the API. */
  regionState(region = this.config.defaultRegion): RegionState {
    return this.region(region);
  }

  private region(name: string): RegionState {
    let st = this.regions.get(name);
    if (!st) this.regions.set(name, (st = emptyRegion()));
    return st;
  }

  // ---- seeding ------------------------------------------------------------------------------------------------

  applySeed(seed: SeedFile): void {
    if (seed.account) this.config.account = seed.account;
    Object.assign(this.identities, seed.identities);
    const defaultRegion = seed.region ?? this.config.defaultRegion;
    const call = (region: string, method: string, path: string, body: Json = {}): Json => {
      const m = this.apigw.match(method, path);
      if (!m) throw new Error(`seed: no operation for ${method} ${path}`);
      const res = m.run(this.request(region, method, path, body));
      return res.body ?? {};
    };
    for (const l of seed.vpcLinks ?? []) call(l.region ?? defaultRegion, 'POST', '/v2/vpclinks', stripSeed(l));
    for (const a of seed.apis ?? []) {
      const region = a.region ?? defaultRegion;
      const { integrations = [], authorizers = [], routes = [], deployments = [], stages = [], ...apiBody } = a;
      const rec = this.apigw.seedApi(region, stripSeed(apiBody));
      const apiPath = `/v2/apis/${rec.api.apiId}`;
      const refs = new Map<string, string>();
      for (const i of integrations) {
        const out = call(region, 'POST', `${apiPath}/integrations`, stripSeed(i));
        if (i.ref) refs.set(`i:${i.ref}`, out.integrationId);
      }
      for (const au of authorizers) {
        const out = call(region, 'POST', `${apiPath}/authorizers`, stripSeed(au));
        if (au.ref) refs.set(`a:${au.ref}`, out.authorizerId);
      }
      for (const r of routes) {
        const { integration, authorizer, ...body } = r;
        if (integration) body.target = `integrations/${refs.get(`i:${integration}`) ?? integration}`;
        if (authorizer) body.authorizerId = refs.get(`a:${authorizer}`) ?? authorizer;
        call(region, 'POST', `${apiPath}/routes`, stripSeed(body));
      }
      for (const d of deployments) {
        const out = call(region, 'POST', `${apiPath}/deployments`, { description: d.description });
        if (d.createdDate) rec.deployments.get(out.deploymentId)!.createdDate = d.createdDate;
        if (d.ref) refs.set(`d:${d.ref}`, out.deploymentId);
      }
      for (const s of stages) {
        const { deployment, ...body } = s;
        if (deployment) body.deploymentId = refs.get(`d:${deployment}`) ?? deployment;
        call(region, 'POST', `${apiPath}/stages`, stripSeed(body));
      }
    }
    for (const d of seed.domainNames ?? []) {
      const region = d.region ?? defaultRegion;
      const { apiMappings = [], ...body } = d;
      call(region, 'POST', '/v2/domainnames', stripSeed(body));
      for (const m of apiMappings) {
        const api = [...this.region(region).apis.values()].find((x) => x.api.apiId === m.api || x.api.name === m.api);
        if (!api) throw new Error(`seed: API mapping names unknown API ${m.api}`);
        call(region, 'POST', `/v2/domainnames/${encodeURIComponent(d.domainName)}/apimappings`, {
          apiId: api.api.apiId,
          stage: m.stage,
          apiMappingKey: m.apiMappingKey,
        });
      }
    }
    for (const g of seed.logGroups ?? []) {
      const region = g.region ?? defaultRegion;
      this.logs.createGroup(region, g);
      for (const s of g.streams ?? []) {
        this.logs.handle(
          'CreateLogStream',
          this.request(region, 'POST', '/', { logGroupName: g.logGroupName, logStreamName: s.logStreamName }),
        );
        if (s.events?.length)
          this.logs.putLogEvents(region, {
            logGroupName: g.logGroupName,
            logStreamName: s.logStreamName,
            logEvents: s.events,
          });
      }
    }
    for (const t of seed.metrics ?? []) this.cloudwatch.addTraffic(t.region ?? defaultRegion, t);
    for (const a of seed.alarms ?? []) this.cloudwatch.addAlarm(a.region ?? defaultRegion, a);
    for (const f of seededFunctions(seed)) this.lambda.seed(f.region ?? defaultRegion, f);
  }

  private request(
    region: string,
    method: string,
    path: string,
    body: Json,
    query = new URLSearchParams(),
    accessKeyId?: string,
  ): ServiceRequest {
    return { method, path, query, body, region, account: this.config.account, accessKeyId };
  }

  // ---- HTTP ---------------------------------------------------------------------------------------------------

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.arriving++;
    let arriving = true;
    const recorded = () => {
      if (arriving) this.arriving--;
      arriving = false;
    };
    try {
      await this.handle(req, res, recorded);
    } finally {
      recorded();
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse, recorded: () => void): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/__localaws/')) {
      await this.onControl(url, method, raw, res);
      return;
    }
    const auth = /Credential=([^/]+)\/\d+\/([\w-]+)\/([\w-]+)\//.exec(String(req.headers.authorization ?? ''));
    const region = auth?.[2] ?? this.config.defaultRegion;
    const accessKeyId = auth?.[1];
    const target = String(req.headers['x-amz-target'] ?? '');
    const contentType = String(req.headers['content-type'] ?? '');

    let service: Service;
    let operation: string;
    let body: Json = {};
    let run: (() => Promise<void>) | undefined;
    const requestId = `${this.newId(8)}-${this.newId(4)}-${this.newId(4)}-${this.newId(4)}-${this.newId(12)}`;
    const record: CallRecord = {
      seq: ++this.seq,
      service: 'apigateway',
      operation: '',
      region,
      params: {},
      status: 0,
      time: this.clock.now(),
    };

    try {
      if (target.startsWith('Logs_20140328.')) {
        service = 'logs';
        operation = target.slice('Logs_20140328.'.length);
        body = parseJson(raw, () => new AwsError(400, 'SerializationException', 'Invalid JSON body'));
        const r = this.request(region, method, url.pathname, body, url.searchParams, accessKeyId);
        run = async () => {
          const out = this.logs.handle(operation, r);
          if (out.liveTail) {
            this.startEventStream(res, requestId, out.liveTail, record);
          } else {
            this.sendJson(res, out.status, out.body ?? {}, 'application/x-amz-json-1.1', requestId, record);
          }
        };
      } else if (target.startsWith(CLOUDWATCH_TARGET)) {
        service = 'cloudwatch';
        operation = target.slice(CLOUDWATCH_TARGET.length);
        body = parseJson(raw, () => new AwsError(400, 'SerializationException', 'Invalid JSON body'));
        const r = this.request(region, method, url.pathname, body, url.searchParams, accessKeyId);
        run = async () => {
          // The pinned client speaks AWS JSON 1.0; anything else is a protocol mismatch the tests must see.
          if (!contentType.startsWith('application/x-amz-json-1.0'))
            throw new AwsError(
              400,
              'InvalidParameterValue',
              `CloudWatch expects application/x-amz-json-1.0, not ${contentType}`,
            );
          const out = this.cloudwatch.handle(operation, r);
          this.sendJson(res, out.status, out.body ?? {}, 'application/x-amz-json-1.0', requestId, record);
        };
      } else if (url.pathname.startsWith(LAMBDA_PATH)) {
        service = 'lambda';
        operation = lambdaOperation(method, url.pathname);
        body = lambdaParams(url.pathname);
        const r = this.request(region, method, url.pathname, body, url.searchParams, accessKeyId);
        run = async () => {
          const out = this.lambda.handle(operation, r);
          this.sendJson(res, out.status, out.body, 'application/json', requestId, record);
        };
      } else if (contentType.includes('x-www-form-urlencoded') && /(^|&)Action=/.test(raw)) {
        service = 'sts';
        operation = stsOperation(raw);
        body = Object.fromEntries(new URLSearchParams(raw));
        const r = this.request(region, method, url.pathname, body, url.searchParams, accessKeyId);
        run = async () => {
          const xml = stsHandle({ identity: (k) => this.identity(k), newId: this.newId }, operation, r);
          record.status = 200;
          res.writeHead(200, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId });
          res.end(xml);
        };
      } else {
        service = 'apigateway';
        const m = this.apigw.match(method, url.pathname);
        operation = m?.operation ?? `${method} ${url.pathname}`;
        body = raw ? parseJson(raw, () => new AwsError(400, 'BadRequestException', 'Invalid JSON body')) : {};
        const r = this.request(region, method, url.pathname, body, url.searchParams, accessKeyId);
        run = async () => {
          if (!m) throw new AwsError(404, 'NotFoundException', `No operation matches ${method} ${url.pathname}`);
          const out = m.run(r);
          if (out.raw) this.sendRaw(res, out.status, out.raw, requestId, record);
          else this.sendJson(res, out.status, out.body, 'application/json', requestId, record);
        };
      }
    } catch (err) {
      service = 'apigateway';
      operation = 'Unknown';
      run = async () => {
        throw err;
      };
    }

    record.service = service;
    record.operation = operation;
    record.params = {
      ...Object.fromEntries(url.searchParams),
      ...body,
      ...(service === 'apigateway' ? { path: url.pathname } : {}),
    };
    this.callLog.push(record);
    recorded();
    if (this.callLog.length > MAX_CALLS) this.callLog.splice(0, this.callLog.length - MAX_CALLS);

    const decision = this.faults.decide(operation);
    const delay = this.config.latencyMs + decision.latencyMs;
    if (delay > 0) await sleep(this.clock, delay);

    const fault = decision.fault;
    try {
      if (fault) {
        record.fault = fault.kind;
        if (fault.kind === 'drop') {
          record.status = 0;
          req.socket.destroy();
          return;
        }
        if (fault.kind === 'html') {
          record.status = fault.status ?? 500;
          res.writeHead(record.status, { 'content-type': 'text/html' });
          res.end(
            '<html><head><title>500 Internal Server Error</title></head><body><h1>Internal Server Error</h1></body></html>\n',
          );
          return;
        }
        if (fault.kind === 'echo') {
          throw new AwsError(
            fault.status ?? 500,
            fault.code ?? (service === 'logs' ? 'ServiceUnavailableException' : 'InternalFailure'),
            echoMessage(fault, method, req.url ?? '/', req.headers),
          );
        }
        if (fault.kind === 'throttle') throw this.throttleError(service);
        if (fault.kind === 'error') {
          throw new AwsError(
            fault.status ?? 500,
            fault.code ??
              (service === 'logs'
                ? 'ServiceUnavailableException'
                : service === 'cloudwatch'
                  ? 'InternalServiceError'
                  : service === 'lambda'
                    ? 'ServiceException'
                    : 'InternalFailure'),
            fault.message ?? 'We encountered an internal error. Please try again.',
          );
        }
      }
      const bucketRate =
        service === 'apigateway'
          ? this.config.apigatewayRate
          : service === 'logs'
            ? this.config.logsRate
            : service === 'cloudwatch'
              ? (this.config.cloudwatchRates?.[operation] ?? null)
              : null;
      if (bucketRate) {
        // CloudWatch's quotas are per operation; API Gateway's and Logs' cover the whole service.
        const key = `${service}|${service === 'cloudwatch' ? `${operation}|` : ''}${this.config.account}|${region}`;
        let bucket = this.buckets.get(key);
        if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(bucketRate, () => this.clock.now())));
        if (!bucket.take()) throw this.throttleError(service);
      }
      if (fault?.kind === 'streamError') record.fault = 'streamError';
      await run();
      if (fault?.kind === 'streamError')
        setTimeout(() => {
          void this.logs.breakLiveTails(fault.message);
        }, 50);
    } catch (err) {
      const e =
        err instanceof AwsError
          ? err
          : new AwsError(500, 'InternalFailure', err instanceof Error ? err.message : String(err));
      record.status = e.status;
      record.error = e.code;
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (service === 'sts') {
        res.writeHead(e.status, { 'content-type': 'text/xml', 'x-amzn-RequestId': requestId });
        res.end(stsError(e.code, e.message, requestId, e.status < 500));
      } else if (service === 'cloudwatch') {
        const wire = cloudwatchErrorWire(e);
        record.response = wire.body;
        res.writeHead(e.status, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-query-error': wire.queryError,
          'x-amzn-RequestId': requestId,
        });
        res.end(JSON.stringify(wire.body));
      } else if (service === 'logs') {
        const payload = { __type: e.code, message: e.message, ...e.extra };
        record.response = payload;
        res.writeHead(e.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': requestId });
        res.end(JSON.stringify(payload));
      } else {
        // API Gateway's and Lambda's REST-JSON errors: the code in x-amzn-ErrorType, their own bodies.
        const payload = service === 'lambda' ? lambdaErrorWire(e) : { message: e.message, ...e.extra };
        record.response = payload;
        res.writeHead(e.status, {
          'content-type': 'application/json',
          'x-amzn-ErrorType': e.code,
          'x-amzn-RequestId': requestId,
        });
        res.end(JSON.stringify(payload));
      }
    }
  }

  private throttleError(service: Service): AwsError {
    if (service === 'apigateway')
      return new AwsError(429, 'TooManyRequestsException', 'Too Many Requests', { limitType: '' });
    if (service === 'logs') return new AwsError(400, 'ThrottlingException', 'Rate exceeded');
    if (service === 'cloudwatch') return new AwsError(400, 'Throttling', 'Rate exceeded');
    if (service === 'lambda')
      return new AwsError(429, 'TooManyRequestsException', 'Rate exceeded', { Reason: 'CallerRateLimitExceeded' });
    return new AwsError(400, 'Throttling', 'Rate exceeded');
  }

  private identity(accessKeyId: string | undefined): SeedIdentity & { account: string } {
    const id = (accessKeyId && this.identities[accessKeyId]) ?? this.identities['*'];
    if (id) return { ...id, account: id.account ?? this.config.account };
    return {
      arn: `arn:aws:iam::${this.config.account}:user/localaws`,
      userId: 'AIDALOCALAWSUSER0001',
      account: this.config.account,
    };
  }

  private sendJson(
    res: http.ServerResponse,
    status: number,
    body: Json | undefined,
    contentType: string,
    requestId: string,
    record: CallRecord,
  ): void {
    record.status = status;
    record.response = body;
    if (record.fault === 'dropAfter') {
      res.socket?.destroy();
      return;
    }
    const headers: http.OutgoingHttpHeaders = { 'x-amzn-RequestId': requestId };
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private sendRaw(
    res: http.ServerResponse,
    status: number,
    raw: { text: string; contentType: string },
    requestId: string,
    record: CallRecord,
  ): void {
    record.status = status;
    record.response = { contentType: raw.contentType, bytes: Buffer.byteLength(raw.text) };
    if (record.fault === 'dropAfter') {
      res.socket?.destroy();
      return;
    }
    res.writeHead(status, {
      'x-amzn-RequestId': requestId,
      'content-type': raw.contentType,
      'content-length': Buffer.byteLength(raw.text),
    });
    res.end(raw.text);
  }

  private startEventStream(
    res: http.ServerResponse,
    requestId: string,
    start: (sink: LiveTailSink) => void,
    record: CallRecord,
  ): void {
    record.status = 200;
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-RequestId': requestId });
    let ended = false;
    const write = (headers: Record<string, string>, payload: Json) => {
      if (ended) return;
      const h: Record<string, { type: 'string'; value: string }> = {};
      for (const [k, v] of Object.entries(headers)) h[k] = { type: 'string', value: v };
      res.write(this.codec.encode({ headers: h, body: fromUtf8(JSON.stringify(payload)) }));
    };
    const closers: Array<() => void> = [];
    res.on('close', () => {
      ended = true;
      for (const c of closers.splice(0)) c();
    });
    start({
      event: (type, body) =>
        write({ ':message-type': 'event', ':event-type': type, ':content-type': 'application/json' }, body),
      exception: (type, message) =>
        write(
          { ':message-type': 'exception', ':exception-type': type, ':content-type': 'application/json' },
          { message },
        ),
      end: () => {
        if (ended) return;
        ended = true;
        res.end();
      },
      onClose: (cb) => closers.push(cb),
    });
    // The client may have gone while the answer was delayed (a latency fault): 'close' fired before the session
    // existed, so end it now rather than keep its timers running.
    if (res.destroyed || res.socket?.destroyed) {
      ended = true;
      for (const c of closers.splice(0)) c();
    }
  }

  private async onControl(url: URL, method: string, raw: string, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? null));
    };
    try {
      const body = raw ? (JSON.parse(raw) as Json) : {};
      const route = `${method} ${url.pathname.slice('/__localaws'.length)}`;
      switch (route) {
        case 'GET /health':
          return send(200, { ok: true });
        case 'POST /configure':
          await this.configure(body);
          return send(200, this.config);
        case 'GET /config':
          return send(200, this.config);
        case 'POST /faults':
          return send(200, { ids: await this.addFaults(body.rules ?? []) });
        case 'DELETE /faults':
          await this.clearFaults(body.ids);
          return send(200, {});
        case 'GET /calls': {
          const q = url.searchParams;
          return send(
            200,
            await this.calls({
              ...(q.get('service') ? { service: q.get('service') as Service } : {}),
              ...(q.get('operation') ? { operation: q.get('operation')! } : {}),
              ...(q.get('since') ? { since: Number(q.get('since')) } : {}),
            }),
          );
        }
        case 'DELETE /calls':
          await this.clearCalls();
          return send(200, {});
        case 'POST /seed':
          await this.seed(body as SeedFile);
          return send(200, {});
        case 'POST /reset':
          await this.reset(body.seed as SeedFile | undefined);
          return send(200, {});
        case 'GET /live-tails':
          return send(200, { sessions: await this.liveTailSessions() });
        case 'DELETE /live-tails':
          return send(200, { ended: await this.breakLiveTails() });
        case 'POST /alarm-state':
          return send(200, { changed: await this.setAlarmState(body.name, body.state, body.reason) });
        default:
          return send(404, { message: `unknown control route ${route}` });
      }
    } catch (err) {
      send(400, { message: err instanceof Error ? err.message : String(err) });
    }
  }
}

function parseJson(raw: string, invalid: () => Error): Json {
  if (raw === '') return {};
  try {
    const v = JSON.parse(raw) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Json;
  } catch {
    throw invalid();
  }
}

function stripSeed(body: Json): Json {
  const { ref: _ref, region: _region, ...rest } = body;
  return rest;
}

export type { FaultRule, SeedFile };
