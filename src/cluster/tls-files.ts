import { readFileSync } from 'node:fs';
import type { Cluster } from '@kubernetes/client-node';
import { ConfigError } from '../errors.js';
import { nodeCrypto } from './crypto.js';

const pemCertificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Checks the cluster's certificate authority before client-node reads it, so
 * that a missing file is blamed on the file (not on the kubeconfig user) and a
 * file that holds no certificate is refused, as kubectl refuses it, instead of
 * being silently ignored.
 */
export function checkCertificateAuthority(cluster: Cluster): void {
  if (cluster.skipTLSVerify || !cluster.server.startsWith('https://')) return;
  if (cluster.caData) {
    checkPem(Buffer.from(cluster.caData, 'base64').toString('utf8'), `certificate-authority-data of cluster "${cluster.name}"`);
  } else if (cluster.caFile) {
    let text: string;
    try {
      text = readFileSync(cluster.caFile, 'utf8');
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (error as Error).message;
      throw new ConfigError(`failed to read the certificate authority ${cluster.caFile}: ${why}`, error);
    }
    checkPem(text, `certificate authority ${cluster.caFile}`);
  }
}

function checkPem(text: string, what: string): void {
  const blocks = text.match(pemCertificate) ?? [];
  if (blocks.length === 0) throw new ConfigError(`failed to load the ${what}: it holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new (nodeCrypto().X509Certificate)(block);
    } catch (error) {
      throw new ConfigError(`failed to load the ${what}: ${(error as Error).message}`, error);
    }
  }
}
