// ua-parser-js 1.x ships no types; this is the part of its API the user-agent enrichment uses.
declare module "ua-parser-js" {
  interface UAResult {
    browser: { name?: string; version?: string; major?: string };
    os: { name?: string; version?: string };
    device: { type?: string; vendor?: string; model?: string };
  }
  class UAParser {
    constructor(userAgent?: string);
    getResult(): UAResult;
  }
  export default UAParser;
}
