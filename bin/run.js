#!/usr/bin/env node
// kapi's launcher: the whole CLI is one bundled file, loaded once.
import { main } from '../dist/kapi.js';

await main(import.meta.url);
