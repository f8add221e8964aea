/** Request middleware for node:http, Express and Fastify, user-agent enrichment and flushing on exit. */
export { type ExitFlushOptions, type Flushable, flushOnExit } from "./exit-flush.js";
export { switchboardExpress } from "./express.js";
export { type FastifyPluginOptions, switchboardFastify } from "./fastify.js";
export { type NodeMiddlewareOptions, type SwitchboardRequest, withSwitchboard } from "./node-http.js";
export { cookieValue, currentEvent, type RequestEventOptions, type RequestScope } from "./request-event.js";
export { sharedUserAgentParser, type UserAgentFields, UserAgentParser } from "./user-agent.js";
