import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A folder holding kapi as an installed package exposes it (package.json's bin):
 * kapi, kubectl-kapi and kubectl_complete-kapi, so shells and kubectl find them on PATH.
 */
export function kapiOnPath(): { dir: string; path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'kapi-bin-'));
  const bin = (file: string) => fileURLToPath(new URL(`../../bin/${file}`, import.meta.url));
  symlinkSync(bin('run.js'), join(dir, 'kapi'));
  symlinkSync(bin('kubectl-kapi.js'), join(dir, 'kubectl-kapi'));
  symlinkSync(bin('kubectl_complete-kapi.js'), join(dir, 'kubectl_complete-kapi'));
  const path = [dir, process.env.PATH ?? ''].join(delimiter);
  return { dir, path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
