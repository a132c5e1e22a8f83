export { ConfigError } from './config-error';
export { declaredVariables, Env } from './env.decorator';
export { configProblems, loadConfig, loadConfigs } from './load-config';
export { unknownVariables, unknownVariableWarning, type UnknownVariable } from './unknown-variables';
export { directoryProblem } from './directory-problem';
