import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consoleUrl, invokeUrl, partition, resourceArn } from '../../src/core/awsIds';

describe('ARNs, invoke URLs and console links', () => {
  it('builds management ARNs for APIs and their parts, per partition', () => {
    assert.equal(resourceArn('eu-west-1', 'a1b2c3d4e5'), 'arn:aws:apigateway:eu-west-1::/apis/a1b2c3d4e5');
    assert.equal(resourceArn('eu-west-1', 'a1', 'route', 'r1'), 'arn:aws:apigateway:eu-west-1::/apis/a1/routes/r1');
    assert.equal(resourceArn('eu-west-1', 'a1', 'stage', 'prod'), 'arn:aws:apigateway:eu-west-1::/apis/a1/stages/prod');
    assert.equal(resourceArn('cn-north-1', 'a1'), 'arn:aws-cn:apigateway:cn-north-1::/apis/a1');
    assert.equal(partition('us-gov-west-1'), 'aws-us-gov');
  });

  it('invoke URLs: https with the stage, wss for WebSocket, no path for $default', () => {
    assert.equal(
      invokeUrl({ apiId: 'a1', region: 'us-east-1', protocolType: 'HTTP', stageName: 'prod' }),
      'https://a1.execute-api.us-east-1.amazonaws.com/prod',
    );
    assert.equal(
      invokeUrl({ apiId: 'a1', region: 'us-east-1', protocolType: 'WEBSOCKET', stageName: 'production' }),
      'wss://a1.execute-api.us-east-1.amazonaws.com/production',
    );
    assert.equal(
      invokeUrl({ apiId: 'a1', region: 'us-east-1', protocolType: 'HTTP', stageName: '$default' }),
      'https://a1.execute-api.us-east-1.amazonaws.com',
    );
    assert.equal(
      invokeUrl({ apiId: 'a1', region: 'cn-north-1', stageName: 'v1' }),
      'https://a1.execute-api.cn-north-1.amazonaws.com.cn/v1',
    );
    assert.equal(
      invokeUrl({
        apiId: 'a1',
        region: 'us-east-1',
        stageName: 'dev',
        apiEndpoint: 'https://a1.execute-api.us-east-1.amazonaws.com',
      }),
      'https://a1.execute-api.us-east-1.amazonaws.com/dev',
    );
  });

  it('console links name the API and region', () => {
    assert.equal(
      consoleUrl('eu-west-1', 'a1'),
      'https://eu-west-1.console.aws.amazon.com/apigateway/main/api-detail?api=a1&region=eu-west-1',
    );
    assert.match(consoleUrl('eu-west-1', 'a1', 'route', 'r1'), /develop\/routes\?api=a1&region=eu-west-1&routes=r1$/);
    assert.match(consoleUrl('eu-west-1', 'a1', 'stage', 'prod'), /stage=prod$/);
  });
});
