// The extension's id (package.json publisher.name), in one place for every tier that looks it up.
export const EXTENSION_ID = 'apigw-workbench.apigw-workbench';
