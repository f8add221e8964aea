#!/usr/bin/env node
// Committed entry point, so that `npm ci` can link the command before the build has produced dist/.
import "../dist/main.js";
