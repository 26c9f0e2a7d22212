#!/usr/bin/env node
// kubectl's plugin completion (kubectl v1.26+): `kubectl kapi <TAB>` runs this with the words after "kapi".
import { main } from '../dist/kapi.js';

process.argv.splice(2, 0, '__complete');
await main(import.meta.url);
