// Where the editor reads an API's stages (the explorer's Stages folder a page at a time, the stage pickers all of
// them): one function, so another reader (the engine's) replaces it in one line.
import type { AwsSession, ListOptions, Page } from '../aws/bundle';
import type { Stage } from '@aws-sdk/client-apigatewayv2';

export function readStages(session: AwsSession, apiId: string, o?: ListOptions): AsyncGenerator<Page<Stage>> {
  return session.apigw.stages(apiId, o);
}
