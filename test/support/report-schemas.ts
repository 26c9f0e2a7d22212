// Validation of kapi's CI reports against their published schemas, checked
// into test/data/report-schemas (see SOURCE.md there): SARIF 2.1.0 (JSON Schema
// draft-04, so ajv-draft-04) and the Ant JUnit XSD (with xmllint).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvModule from 'ajv-draft-04';
import { dataDir } from './surfaces.ts';

const schemaDir = join(dataDir, 'report-schemas');

interface Validator {
  (document: unknown): boolean;
  errors?: Array<{ instancePath: string; message?: string }> | null;
}
// ajv-draft-04 is CommonJS: under Node's ESM interop its class is the default export's default.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (options: {
  allErrors: boolean;
  strict: boolean;
}) => { compile(schema: unknown): Validator };
let sarifValidator: Validator | undefined;

/** The SARIF schema's errors for a document, [] when it is valid. */
export function sarifErrors(document: unknown): string[] {
  sarifValidator ??= new Ajv({ allErrors: true, strict: false }).compile(
    JSON.parse(readFileSync(join(schemaDir, 'sarif-schema-2.1.0.json'), 'utf8')),
  );
  const validate = sarifValidator;
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/** xmllint --schema JUnit.xsd; throws with xmllint's message when the document is invalid (or xmllint is missing). */
export function validateJunit(xml: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'kapi-junit-'));
  try {
    const file = join(dir, 'report.xml');
    writeFileSync(file, xml);
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', join(schemaDir, 'JUnit.xsd'), file], { stdio: 'pipe' });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? (error as Error).message;
    throw new Error(`JUnit report does not validate: ${stderr}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
