// The local AWS service's Lambda, checked only through the real @aws-sdk/client-lambda: GetFunctionConfiguration on
// its REST-JSON path (name, ARN, partial ARN, Qualifier), the answer field by field against the SDK's model, the
// LoggingConfig a function was seeded with (or the default group), a version's own and an alias's version's,
// functions per region, the errors Lambda sends (ResourceNotFoundException 404, AccessDeniedException 403 through the
// denial fault, validation 400) and the call log.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as lambdaSdk from '@aws-sdk/client-lambda';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaDenial } from '../localaws/lambda';
import { useLocalAws } from '../localaws/fixture';
import { ordersApi } from '../localaws/seed';
import { compareWithModel, outputSchema } from './awsShapes';

const CREDS = { accessKeyId: 'AKIDLAMBDATEST', secretAccessKey: 'local-secret' };

describe('local AWS: Lambda GetFunctionConfiguration', () => {
  const aws = useLocalAws({
    reset: {
      functions: [
        { FunctionName: 'orders', LoggingConfig: { LogGroup: '/app/orders', LogFormat: 'JSON' }, qualifiers: ['live'] },
        { FunctionName: 'users' },
        { FunctionName: 'billing', region: 'eu-west-1', LoggingConfig: { LogGroup: '/app/billing' } },
        {
          FunctionName: 'payments',
          LoggingConfig: { LogGroup: '/app/payments' },
          versions: { '6': {}, '7': { LoggingConfig: { LogGroup: '/app/payments-v7', LogFormat: 'JSON' } } },
          aliases: { live: '7', next: '$LATEST' },
        },
      ],
    },
  });
  const client = (region = 'us-east-1') =>
    new LambdaClient({ region, endpoint: aws.endpoint, credentials: CREDS, maxAttempts: 1 });
  const get = (c: LambdaClient, FunctionName: string, Qualifier?: string) =>
    c.send(new GetFunctionConfigurationCommand({ FunctionName, ...(Qualifier ? { Qualifier } : {}) }));

  it('answers the seeded LoggingConfig, or the default group, in the shape of the SDK model', async () => {
    const c = client();
    try {
      const orders = await get(c, 'orders');
      assert.deepEqual(orders.LoggingConfig, { LogFormat: 'JSON', LogGroup: '/app/orders' });
      assert.equal(orders.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:orders');
      const users = await get(c, 'arn:aws:lambda:us-east-1:123456789012:function:users');
      assert.deepEqual(users.LoggingConfig, { LogFormat: 'Text', LogGroup: '/aws/lambda/users' });
      const partial = await get(c, '123456789012:function:orders:live');
      assert.equal(partial.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:orders:live');
      const [call] = await aws.calls({ service: 'lambda', operation: 'GetFunctionConfiguration' });
      assert.deepEqual(call!.params, { FunctionName: 'orders' });
      assert.deepEqual(
        compareWithModel(outputSchema(lambdaSdk, 'GetFunctionConfiguration'), call!.response, orders),
        [],
      );
      const withQualifier = await get(c, 'orders', 'live');
      assert.equal(withQualifier.FunctionArn, 'arn:aws:lambda:us-east-1:123456789012:function:orders:live');
      const last = (await aws.calls({ service: 'lambda' })).at(-1)!;
      assert.deepEqual(last.params, { FunctionName: 'orders', Qualifier: 'live' });
    } finally {
      c.destroy();
    }
  });

  it("answers a version's own LoggingConfig, an alias's version's, and 404 for a qualifier the function lacks", async () => {
    const c = client();
    try {
      const answers = [];
      for (const [name, qualifier] of [
        ['payments', undefined],
        ['payments', '7'],
        ['payments', 'live'],
        ['arn:aws:lambda:us-east-1:123456789012:function:payments:live', undefined],
        ['payments:6', undefined],
        ['payments', 'next'],
        ['payments', '$LATEST'],
      ] as const) {
        const out = await get(c, name, qualifier);
        answers.push([out.FunctionArn, out.Version, out.LoggingConfig?.LogGroup, out.LoggingConfig?.LogFormat]);
      }
      const arn = 'arn:aws:lambda:us-east-1:123456789012:function:payments';
      assert.deepEqual(answers, [
        [arn, '$LATEST', '/app/payments', 'Text'],
        [`${arn}:7`, '7', '/app/payments-v7', 'JSON'],
        [`${arn}:live`, '7', '/app/payments-v7', 'JSON'],
        [`${arn}:live`, '7', '/app/payments-v7', 'JSON'],
        [`${arn}:6`, '6', '/app/payments', 'Text'],
        [`${arn}:next`, '$LATEST', '/app/payments', 'Text'],
        [`${arn}:$LATEST`, '$LATEST', '/app/payments', 'Text'],
      ]);
      for (const qualifier of ['8', 'old'])
        await assert.rejects(get(c, 'payments', qualifier), (err: lambdaSdk.ResourceNotFoundException) => {
          assert.equal(err.name, 'ResourceNotFoundException');
          assert.equal(err.message, `Function not found: ${arn}:${qualifier}`);
          return true;
        });
      await assert.rejects(get(c, 'payments:6', '7'), (err: Error) => err.name === 'InvalidParameterValueException');
    } finally {
      c.destroy();
    }
  });

  it('keeps functions per region, and says ResourceNotFoundException (404) for any other function or qualifier', async () => {
    const us = client();
    const eu = client('eu-west-1');
    try {
      assert.equal((await get(eu, 'billing')).LoggingConfig?.LogGroup, '/app/billing');
      for (const [c, name, qualifier, arn] of [
        [us, 'billing', undefined, 'arn:aws:lambda:us-east-1:123456789012:function:billing'],
        [us, 'orders', 'old', 'arn:aws:lambda:us-east-1:123456789012:function:orders:old'],
        [us, 'arn:aws:lambda:us-east-1:210987654321:function:users', undefined, undefined],
      ] as const) {
        await assert.rejects(get(c, name, qualifier), (err: lambdaSdk.ResourceNotFoundException) => {
          assert.equal(err.name, 'ResourceNotFoundException');
          assert.equal(err.$metadata.httpStatusCode, 404);
          if (arn) assert.equal(err.message, `Function not found: ${arn}`);
          return true;
        });
      }
    } finally {
      us.destroy();
      eu.destroy();
    }
  });

  it('refuses as IAM does with the denial fault (403), and bad names with a validation error (400)', async () => {
    const c = client();
    try {
      await aws.addFaults([lambdaDenial()]);
      await assert.rejects(get(c, 'orders'), (err: lambdaSdk.LambdaServiceException) => {
        assert.equal(err.name, 'AccessDeniedException');
        assert.equal(err.$metadata.httpStatusCode, 403);
        assert.match(err.message, /not authorized to perform: lambda:GetFunctionConfiguration/);
        return true;
      });
      await aws.clearFaults();
      await assert.rejects(get(c, 'orders', 'bad qualifier!'), (err: Error) => {
        assert.equal(err.name, 'ValidationException');
        return true;
      });
      await assert.rejects(get(c, 'x'.repeat(171)), (err: Error) => {
        assert.equal(err.name, 'ValidationException');
        return true;
      });
      const calls = await aws.calls({ service: 'lambda' });
      assert.deepEqual(
        calls.map((x) => [x.status, x.error]),
        [
          [403, 'AccessDeniedException'],
          [400, 'ValidationException'],
          [400, 'ValidationException'],
        ],
      );
    } finally {
      c.destroy();
    }
  });
});

describe('local AWS: the functions of an account seeded without a function list', () => {
  const aws = useLocalAws({ reset: { apis: [ordersApi()] } });

  it("knows the functions its APIs call (an account's functions exist), logging to /aws/lambda/NAME", async () => {
    const c = new LambdaClient({ region: 'us-east-1', endpoint: aws.endpoint, credentials: CREDS, maxAttempts: 1 });
    try {
      const out = await c.send(new GetFunctionConfigurationCommand({ FunctionName: 'orders-fn' }));
      assert.equal(out.LoggingConfig?.LogGroup, '/aws/lambda/orders-fn');
      await assert.rejects(
        c.send(new GetFunctionConfigurationCommand({ FunctionName: 'elsewhere-fn' })),
        (err: Error) => err.name === 'ResourceNotFoundException',
      );
    } finally {
      c.destroy();
    }
  });
});
