import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');
let loaded: Crypto | undefined;

/**
 * node:crypto, loaded on first use. Only a live cluster needs it (cache keys, temporary file names,
 * OpenAPI hashes, certificates); loading it costs an offline run several milliseconds of start-up.
 */
export function nodeCrypto(): Crypto {
  loaded ??= createRequire(import.meta.url)('node:crypto') as Crypto;
  return loaded;
}
