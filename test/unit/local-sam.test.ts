// A function of an AWS SAM template as a local mapping entry (src/core/local/sam.ts), for the quick fix that maps a
// spec's function: templates shaped as `sam init` writes them (Python hello world, TypeScript built with esbuild),
// with Globals, a layer the template builds, CloudFormation's functions read as plain YAML, and JSON.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMapping } from '../../src/core/local/handlers';
import { addFunctionMapping } from '../../src/core/local/mappingEdit';
import { applyEdits } from '../../src/core/gatewaySpec/edits';
import { readSamTemplate, samFunctionMapping, type SamContext } from '../../src/core/local/sam';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 3
    MemorySize: 128
    Environment:
      Variables:
        STAGE: dev
        TABLE: !Ref OrdersTable
    LoggingConfig:
      LogFormat: JSON
Resources:
  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello_world/
      Handler: app.lambda_handler
      Runtime: python3.12
      Layers:
        - !Ref SharedLayer
        - arn:aws:lambda:us-east-1:017000801446:layer:AWSLambdaPowertoolsPythonV3-python312-x86_64:7
      Environment:
        Variables:
          GREETING: hello
          RETRIES: 3
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      FunctionName: !Sub "\${AWS::StackName}-orders"
      CodeUri: orders/
      Handler: app.lambdaHandler
      Runtime: nodejs22.x
      Timeout: 10
      LoggingConfig:
        LogFormat: JSON
        ApplicationLogLevel: DEBUG
        SystemLogLevel: WARN
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - app.ts
  HelloGoFunction:
    Type: AWS::Serverless::Function
    Metadata:
      BuildMethod: go1.x
    Properties:
      CodeUri: hello-world/
      Handler: bootstrap
      Runtime: provided.al2023
      Architectures:
        - x86_64
  PrebuiltFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: target/lambda/prebuilt/
      Handler: unused
      Runtime: provided.al2
  JavaFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: java/
      Handler: example.Handler::handleRequest
      Runtime: java21
  SharedLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layers/shared
  OrdersTable:
    Type: AWS::Serverless::SimpleTable
`;

const files = new Set(['orders/app.ts', 'hello_world/app.py', 'target/lambda/prebuilt/bootstrap']);
const ctx: SamContext = { base: '', exists: (p) => files.has(p) };

describe('a SAM function as a local mapping entry', () => {
  it('Python by logical ID: CodeUri is the root, Handler the module and export, Globals under its own', () => {
    assert.deepEqual(samFunctionMapping(TEMPLATE, 'HelloWorldFunction', ctx), {
      logicalId: 'HelloWorldFunction',
      mapping: {
        handler: 'hello_world/app.py#lambda_handler',
        root: 'hello_world',
        environment: { STAGE: 'dev', GREETING: 'hello', RETRIES: '3' },
        timeout: 3,
        memory: 128,
        layers: ['layers/shared'],
        logFormat: 'JSON',
      },
    });
  });

  it("Node by its FunctionName (a !Sub of the stack's name): esbuild's entry point, its own log level", () => {
    const found = samFunctionMapping(TEMPLATE, 'shop-prod-orders', { ...ctx, base: '..' });
    assert.equal(found?.logicalId, 'OrdersFunction');
    assert.deepEqual(found?.mapping, {
      handler: '../orders/app.ts#lambdaHandler',
      root: '../orders',
      environment: { STAGE: 'dev' },
      timeout: 10,
      memory: 128,
      logFormat: 'JSON',
      applicationLogLevel: 'DEBUG',
      systemLogLevel: 'WARN',
    });
    // A function with a FunctionName is not found by its logical ID.
    assert.equal(samFunctionMapping(TEMPLATE, 'OrdersFunction', ctx), undefined);
    // A template read once (as the quick fix keeps it) gives the same entries.
    const read = readSamTemplate(TEMPLATE)!;
    assert.deepEqual(samFunctionMapping(read, 'shop-prod-orders', { ...ctx, base: '..' }), found);
    assert.equal(readSamTemplate('Resources: ['), undefined);
  });

  it("a custom runtime (sam init's Go): where sam build writes its bootstrap, else CodeUri when it holds one", () => {
    const common = { environment: { STAGE: 'dev' }, timeout: 3, memory: 128, logFormat: 'JSON' };
    assert.deepEqual(samFunctionMapping(TEMPLATE, 'HelloGoFunction', ctx), {
      logicalId: 'HelloGoFunction',
      mapping: { runtime: 'provided', root: '.aws-sam/build/HelloGoFunction', handler: 'bootstrap', ...common },
    });
    assert.deepEqual(samFunctionMapping(TEMPLATE, 'PrebuiltFunction', { ...ctx, base: '' })?.mapping, {
      runtime: 'provided',
      root: 'target/lambda/prebuilt',
      handler: 'unused',
      ...common,
    });
    // From a mapping file one folder down, the template's paths are one folder up.
    const below = samFunctionMapping(TEMPLATE, 'HelloGoFunction', { base: '..', exists: () => false });
    assert.equal(below?.mapping.root, '../.aws-sam/build/HelloGoFunction');
    assert.doesNotThrow(() => parseMapping(`functions:\n  go: ${JSON.stringify(below!.mapping)}\n`, 'm.yaml'));
  });

  it('nothing for another runtime, an unknown name, a template that does not parse or is not SAM', () => {
    assert.equal(samFunctionMapping(TEMPLATE, 'JavaFunction', ctx), undefined);
    assert.equal(samFunctionMapping(TEMPLATE, 'nobody', ctx), undefined);
    assert.equal(samFunctionMapping('Resources: [', 'HelloWorldFunction', ctx), undefined);
    assert.equal(samFunctionMapping('just: text', 'HelloWorldFunction', ctx), undefined);
  });

  it('a JSON template; the entry written into a mapping file reads back as the same mapping', () => {
    const json = JSON.stringify({
      Resources: {
        Fn: {
          Type: 'AWS::Serverless::Function',
          Properties: {
            Handler: 'src/handlers/get.handler',
            Runtime: 'nodejs20.x',
            MemorySize: 256,
            Environment: { Variables: { TABLE: { Ref: 'Table' }, MODE: 'local' } },
          },
        },
      },
    });
    const found = samFunctionMapping(json, 'Fn', { base: 'svc', exists: () => false });
    assert.deepEqual(found?.mapping, {
      handler: 'svc/src/handlers/get.js#handler',
      root: 'svc',
      environment: { MODE: 'local' },
      memory: 256,
    });
    const text = 'functions:\n  other: { handler: a.js }\n';
    const written = applyEdits(text, addFunctionMapping(text, 'Fn', found!.mapping));
    assert.deepEqual(parseMapping(written, 'm.yaml').functions?.Fn, found!.mapping);
  });
});
