// Promotion, rollback and deployment clean-up: the pure half. The AWS side is src/aws/promote; the history format
// is src/core/history.ts, shared with deploy; the protection rule is shared with deploy and the explorer.
export * from './plan';
export * from './protection';
export * from './render';
export * from './stages';
