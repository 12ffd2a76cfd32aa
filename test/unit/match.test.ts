// The relaxed name match of symbol searches (Go to Symbol in Workspace over gateway specs).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { matchesInOrder } from '../../src/core/match';

describe('matchesInOrder', () => {
  it("finds the query's characters in order, any case, spaces ignored", () => {
    assert.equal(matchesInOrder('GET /orders/{id}', 'orders'), true);
    assert.equal(matchesInOrder('GET /orders/{id}', 'get ord id'), true);
    assert.equal(matchesInOrder('GET /orders/{id}', 'GOI'), true);
    assert.equal(matchesInOrder('GET /orders/{id}', ''), true);
    assert.equal(matchesInOrder('GET /orders/{id}', 'post'), false);
    assert.equal(matchesInOrder('GET /orders/{id}', 'dirob'), false, 'out of order');
    assert.equal(matchesInOrder('orders-fn', 'orders-fnn'), false, 'a character once');
  });
});
