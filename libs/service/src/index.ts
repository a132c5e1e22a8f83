export { createHttpApp, type HttpAppOptions } from './create-http-app';
export { runMain } from './run-main';
