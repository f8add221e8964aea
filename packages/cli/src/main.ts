#!/usr/bin/env node
import { VERSION } from "@switchboard/core";

console.log(VERSION);
