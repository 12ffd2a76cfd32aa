// The deploy engine's pure half: canonical forms, identity, plans and their text, pull. No AWS calls here: the
// apply and read side is src/aws/deploy, the editor's glue src/vscode/deploy, the CLI src/cli/deploy.ts.
export * from './live';
export * from './canonical';
export * from './identity';
export * from './plan';
export * from './render';
export * from './inputs';
export * from './pull';
export * from './report';
export * from './schedule';
