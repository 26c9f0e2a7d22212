// Certificates for end-to-end tests, made with openssl (an ephemeral P-256 key each): a
// self-signed CA, and a serving certificate signed by it for the given names. The doctor's
// aggregated-API variants and the pipeline's webhooks both serve with them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../e2e/cluster.ts';

export async function openssl(dir: string, args: string[]): Promise<void> {
  const r = await run('openssl', args, { env: { ...process.env, OPENSSL_CONF: '/dev/null' }, timeoutMs: 30_000 }).catch((error: Error) => ({
    code: 1,
    stdout: '',
    stderr: error.message,
  }));
  if (r.code !== 0) throw new Error(`openssl ${args.join(' ')} failed in ${dir}: ${r.stderr}`);
}

export const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** DIR/NAME.key and DIR/NAME.crt: a CA valid for a year. */
export async function selfSignedCa(dir: string, name: string, commonName: string): Promise<string> {
  const at = (file: string) => join(dir, file);
  await openssl(dir, [
    'req',
    '-x509',
    ...newKey,
    '-keyout',
    at(`${name}.key`),
    '-out',
    at(`${name}.crt`),
    '-subj',
    `/CN=${commonName}`,
    '-days',
    '365',
  ]);
  return readFileSync(at(`${name}.crt`), 'utf8');
}

/** DIR/tls.key and DIR/tls.crt: a serving certificate for `altNames` (DNS:…, IP:…), signed by DIR/CA.crt, valid for a year. */
export async function servingCertificate(
  dir: string,
  options: { ca: string; commonName: string; altNames: string[] },
): Promise<{ cert: string; key: string }> {
  const at = (file: string) => join(dir, file);
  await openssl(dir, ['req', '-new', ...newKey, '-keyout', at('tls.key'), '-out', at('tls.csr'), '-subj', `/CN=${options.commonName}`]);
  writeFileSync(at('tls.ext'), `subjectAltName=${options.altNames.join(',')}\nextendedKeyUsage=serverAuth\n`);
  await openssl(dir, [
    'x509',
    '-req',
    '-in',
    at('tls.csr'),
    '-CA',
    at(`${options.ca}.crt`),
    '-CAkey',
    at(`${options.ca}.key`),
    '-CAcreateserial',
    '-out',
    at('tls.crt'),
    '-days',
    '365',
    '-extfile',
    at('tls.ext'),
  ]);
  return { cert: readFileSync(at('tls.crt'), 'utf8'), key: readFileSync(at('tls.key'), 'utf8') };
}
