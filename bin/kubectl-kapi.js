#!/usr/bin/env node
// kubectl plugin launcher: `kubectl kapi api-resources` runs kapi.
import { main } from '../dist/kapi.js';

await main(import.meta.url);
