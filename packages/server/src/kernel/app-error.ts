// The error vocabulary (the code union, its status table, the body shape and the AppError class) is the API's
// contract and lives in core, shared with @switchboard/events; the server's modules keep importing it from here.
export type { AppErrorCode, ErrorDetail } from "@switchboard/core";
export { AppError, errorBody, HTTP_STATUS } from "@switchboard/core";
