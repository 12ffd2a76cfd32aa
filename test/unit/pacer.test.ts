// The client-side pacer on a virtual clock: the same decisions as against the local service, without depending on
// how fast a loaded machine runs (the pacer and the service's bucket read one injected clock; sleeping advances it).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APIGW_LIMITS, Pacer } from '../../src/aws/pacer';
import { CancelledError } from '../../src/core/errors';
import { AWS_APIGW_RATE, TokenBucket } from '../localaws/faults';
import { virtualClock } from './clocks';

describe('pacer (virtual time)', () => {
  it("keeps a burst of 60 calls within AWS's 10/s burst 40: a bucket of that quota on the same clock refuses none", async () => {
    const clock = virtualClock();
    const pacer = new Pacer(APIGW_LIMITS, clock.now, clock.sleep);
    const service = new TokenBucket(AWS_APIGW_RATE, clock.now);
    const refused: number[] = [];
    await Promise.all(
      Array.from({ length: 60 }, async (_v, i) => {
        await pacer.acquire('GetApi');
        if (!service.take()) refused.push(i);
      }),
    );
    assert.deepEqual(refused, []);
    // 40 at once, the other 20 at 9.5/s: about 2.1 s of waiting, and not much more.
    assert.ok(clock.t >= 2000 && clock.t <= 2300, `waited ${clock.t} ms`);
  });

  it('a pacer faster than the quota (15/s) is refused by the same accounting: the check above can fail', async () => {
    const clock = virtualClock();
    const fast = new Pacer({ ...APIGW_LIMITS, rate: AWS_APIGW_RATE.rate * 1.5 }, clock.now, clock.sleep);
    const service = new TokenBucket(AWS_APIGW_RATE, clock.now);
    let throttled = 0;
    for (let i = 0; i < 60; i++) {
      await fast.acquire('GetApi');
      if (!service.take()) throttled++;
    }
    assert.ok(throttled > 0, `throttled ${throttled}`);
  });

  it('spaces CreateDeployment 5 s apart whatever the bucket holds, and lets other operations through meanwhile', async () => {
    const clock = virtualClock();
    const pacer = new Pacer(APIGW_LIMITS, clock.now, clock.sleep);
    const at: Array<[string, number]> = [];
    for (const op of ['CreateDeployment', 'GetApi', 'CreateDeployment', 'CreateDeployment']) {
      await pacer.acquire(op);
      at.push([op, clock.t]);
    }
    assert.deepEqual(at, [
      ['CreateDeployment', 0],
      ['GetApi', 0],
      ['CreateDeployment', 5000],
      ['CreateDeployment', 10000],
    ]);
  });

  it('stops waiting when cancelled', async () => {
    const clock = virtualClock();
    const pacer = new Pacer({ rate: 1, burst: 1, perOperation: {} }, clock.now, clock.sleep);
    await pacer.acquire('GetApi');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(pacer.acquire('GetApi', controller.signal), CancelledError);
  });
});
