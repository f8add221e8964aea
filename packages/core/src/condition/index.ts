export { type CompiledCondition, compileCondition } from "./compile-condition.js";
export { explainCondition } from "./explain-condition.js";
export { isRegexSafe } from "./regex-safety.js";
