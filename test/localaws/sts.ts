// AWS STS (awsQuery: a form-encoded POST, an XML answer): GetCallerIdentity, which deploy needs for the account id
// and promotion for "who".
import { AwsError, type ServiceRequest } from './common';
import type { SeedIdentity } from './seed';

export interface StsContext {
  identity(accessKeyId: string | undefined): SeedIdentity & { account: string };
  newId(length: number): string;
}

export function stsOperation(body: string): string {
  return new URLSearchParams(body).get('Action') ?? '';
}

export function stsHandle(ctx: StsContext, operation: string, req: ServiceRequest): string {
  if (operation !== 'GetCallerIdentity')
    throw new AwsError(400, 'InvalidAction', `Could not find operation ${operation} for version 2011-06-15`);
  const id = ctx.identity(req.accessKeyId);
  return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>${xml(id.arn)}</Arn>
    <UserId>${xml(id.userId)}</UserId>
    <Account>${xml(id.account)}</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata>
    <RequestId>${ctx.newId(8)}-${ctx.newId(4)}-${ctx.newId(4)}-${ctx.newId(4)}-${ctx.newId(12)}</RequestId>
  </ResponseMetadata>
</GetCallerIdentityResponse>
`;
}

export function stsError(code: string, message: string, requestId: string, sender = true): string {
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>${sender ? 'Sender' : 'Receiver'}</Type>
    <Code>${xml(code)}</Code>
    <Message>${xml(message)}</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>
`;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
