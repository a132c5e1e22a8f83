export { createHttpApp, type HttpAppOptions } from './create-http-app';
export { bearerToken, KeyRing } from './key-ring';
export { runMain } from './run-main';
export { serveOpenApi, type OpenApiOptions } from './serve-openapi';
