// Writes schemas/*.schema.json: the JSON Schema of every -o json shape, generated
// from the TypeScript types the renderers print. `npm run schemas` after changing
// a shape; the integration tests fail while a checked-in schema is out of date
// and validate real output against each one.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGenerator } from 'ts-json-schema-generator';

/** Each output: the schema file, the source file and the type it prints, and which command prints it. */
export const jsonOutputs = [
  { name: 'api-resources', path: 'src/render/api-resources.ts', type: 'ApiResourcesDocument', prints: 'kapi api-resources -o json' },
  {
    name: 'api-resource-list',
    path: 'src/render/api-resource-list.ts',
    type: 'ApiResourceListObject',
    prints: 'kapi api-resources --kubectl-compat -o json',
  },
  { name: 'api-versions', path: 'src/render/api-versions.ts', type: 'ApiVersionsOutput', prints: 'kapi api-versions -o json' },
  { name: 'apiservices', path: 'src/render/apiservices.ts', type: 'ApiServicesDocument', prints: 'kapi apiservices -o json' },
  { name: 'groups', path: 'src/render/groups.ts', type: 'GroupsDocument', prints: 'kapi groups -o json' },
  { name: 'audit', path: 'src/surface/audit.ts', type: 'AuditReport', prints: 'kapi audit -o json' },
  { name: 'check', path: 'src/check/findings.ts', type: 'ManifestCheck', prints: 'kapi check -o json' },
  { name: 'diff', path: 'src/surface/diff.ts', type: 'SurfaceDiff', prints: 'kapi diff -o json' },
  { name: 'schema-diff', path: 'src/openapi/schema-diff.ts', type: 'SchemaDiff', prints: 'kapi diff --schemas -o json' },
  { name: 'explain', path: 'src/render/explain-json.ts', type: 'ExplainDocument', prints: 'kapi explain -o json' },
  { name: 'uri', path: 'src/surface/uri.ts', type: 'ResourceUri', prints: 'kapi uri -o json' },
  { name: 'search', path: 'src/render/field-search.ts', type: 'FieldSearchDocument', prints: 'kapi search -o json' },
  { name: 'lifecycle', path: 'src/render/lifecycle.ts', type: 'LifecycleDocument', prints: 'kapi lifecycle -o json' },
  { name: 'audit-fleet', path: 'src/render/fleet.ts', type: 'AuditFleetDocument', prints: 'kapi audit -o json with several contexts' },
  { name: 'doctor', path: 'src/render/doctor.ts', type: 'DoctorDocument', prints: 'kapi doctor -o json' },
  { name: 'pipeline', path: 'src/render/pipeline.ts', type: 'PipelineDocument', prints: 'kapi pipeline -o json' },
  { name: 'doctor-fleet', path: 'src/render/fleet.ts', type: 'DoctorFleetDocument', prints: 'kapi doctor -o json with several contexts' },
  { name: 'snapshot', path: 'src/snapshot/snapshot.ts', type: 'SnapshotDocument', prints: 'kapi snapshot -o json' },
  {
    name: 'builtin-snapshots',
    path: 'src/snapshot/builtin-list.ts',
    type: 'BuiltinSnapshotsDocument',
    prints: 'kapi snapshot --list-builtin -o json',
  },
  { name: 'trace', path: 'src/cluster/trace-json.ts', type: 'TraceRecord', prints: 'each line of --trace=json (stderr)' },
] as const;

const root = fileURLToPath(new URL('..', import.meta.url));

/** The schema of every output, as the files hold them, keyed by name (one TypeScript program for all). */
export function schemaTexts(): Map<string, string> {
  const generator = createGenerator({
    path: `${root}src/{render,surface,openapi,snapshot,cluster,check}/*.ts`,
    tsconfig: `${root}tsconfig.json`,
    skipTypeCheck: true,
    additionalProperties: false,
    jsDoc: 'extended',
  });
  return new Map(jsonOutputs.map((output) => [output.name, schemaText(output, generator.createSchema(output.type))]));
}

function schemaText(output: (typeof jsonOutputs)[number], schema: object): string {
  const document = {
    $id: `https://kapi.dev/schemas/${output.name}.schema.json`,
    title: output.prints,
    ...schema,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, text] of schemaTexts()) writeFileSync(`${root}schemas/${name}.schema.json`, text);
}
