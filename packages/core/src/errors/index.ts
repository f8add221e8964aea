export * from "./app-error.js";
export { validationFailed } from "./validation-failed.js";
