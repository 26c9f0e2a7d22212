import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { Args, Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { UsageError } from '../errors.js';
import { walkCutWarning } from '../limits/walk-budget.js';
import { type FieldQuery, hasKinds, type WalkCut } from '../openapi/field-search.js';
import { renderFieldSearch, searchOutputs } from '../render/field-search.js';
import { allVersionResources, preferredResources } from '../surface/query.js';
import { qualifiedName } from '../surface/vocabulary.js';

export default class Search extends KapiCommand {
  static override summary =
    'Find fields across every resource’s schema: by path glob, name, type, default, enum, validation rule or description.';
  static override description =
    'PATTERN is a glob over explain’s dotted field paths (arrays and maps are transparent: spec.containers.image), case-insensitive: ' +
    '`*` matches within one field name, `**` any number of names, {a,b} either. It matches the end of a path at any depth ' +
    '(privileged finds every …securityContext.privileged); a leading "." anchors it at the kind (.spec.replicas). ' +
    'Filters combine with AND: --name (a regular expression over the field’s own name), --type (a type name as explain prints it, ' +
    'an OpenAPI type, a format such as date-time, or int-or-string), --has default|enum|validation (validation: CEL rules, ' +
    'x-kubernetes-validations; repeatable), --description (text in the description). ' +
    'Schemas come from OpenAPI v3 (v2 for servers without it), live or from a snapshot made with --with-schemas; ' +
    'each resource is searched in its preferred version unless --all-versions.\n\n' +
    '-o json|yaml prints {apiVersion, kind: FieldSearch, matches: [{group, version, resource, kind, field, type, format, required, ' +
    'default, enum, validations, intOrString, deprecated, description}], truncated?: [{group, version, resource, limit}]}: ' +
    '"truncated" lists the resources whose field walk stopped at kapi\'s walk budget (a schema bomb; also a warning on stderr). Nothing matched: "No fields found." on stderr, exit 0.';

  static override examples = [
    {
      description: 'Which resources can run privileged containers',
      command: "<%= config.bin %> <%= command.id %> '*.securityContext.privileged' --snapshot builtin",
    },
    { description: 'Every image field under spec', command: "<%= config.bin %> <%= command.id %> '.spec.**.image'" },
    { description: 'Which fields carry CEL validation rules (CRDs)', command: '<%= config.bin %> <%= command.id %> --has validation' },
    {
      description: 'int-or-string fields with a default',
      command: '<%= config.bin %> <%= command.id %> --type int-or-string --has default',
    },
    { description: 'Timestamps, by format', command: '<%= config.bin %> <%= command.id %> --type date-time -o csv' },
    { description: 'Field names by regular expression', command: "<%= config.bin %> <%= command.id %> --name '^(min|max)Replicas$'" },
    { description: 'By description text, as JSON', command: "<%= config.bin %> <%= command.id %> --description 'deprecated' -o json" },
  ];

  static override args = {
    pattern: Args.string({ description: 'A glob over dotted field paths, e.g. "*.securityContext.privileged" or "spec.**.image".' }),
  };

  static override flags = {
    ...globalFlags,
    name: Flags.string({ description: 'A regular expression (case-insensitive) over the field’s own name.' }),
    type: Flags.string({
      description: 'A type name (boolean, []string, Quantity), OpenAPI type, format (date-time, int32) or int-or-string.',
    }),
    has: Flags.option({
      description: 'Fields that declare a default, an enum, or CEL validation rules.',
      options: hasKinds,
      multiple: true,
    })(),
    description: Flags.string({ description: 'Text (case-insensitive) in the field’s description.' }),
    'all-versions': Flags.boolean({
      description: 'Search every served version of each resource, not only the preferred one (adds a VERSION column).',
    }),
    'api-group': Flags.string({ description: 'Only resources of this API group ("" for the core group).' }),
    output: Flags.option({
      char: 'o',
      description: 'Output format.',
      options: searchOutputs,
      default: 'table',
    })(),
    'no-headers': Flags.boolean({ description: 'Leave out the table header.' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Search);
    const query: FieldQuery = {
      glob: args.pattern,
      name: flags.name,
      type: flags.type,
      has: flags.has,
      description: flags.description,
    };
    if (Object.values(query).every((value) => value === undefined))
      throw new UsageError('give a PATTERN or at least one of --name, --type, --has, --description');
    // The matcher (and its glob library) loads only for this command.
    const { compileFieldQuery, searchFields } = await import('../openapi/field-search.js');
    const { loadResourceSchemas } = await import('../openapi/resource-schemas.js');
    const predicate = compileFieldQuery(query);

    const session = this.openSession(flags);
    const surface = await session.surface({ cached: true });
    const all = flags['all-versions'] ? allVersionResources(surface) : preferredResources(surface);
    const apiGroup = flags['api-group'];
    const resources = apiGroup === undefined ? all : all.filter((resource) => resource.group === apiGroup);
    const schemas = await loadResourceSchemas(await session.schemaSource(), resources);
    const cuts: WalkCut[] = [];
    const matches = searchFields(schemas.found, predicate, cuts);
    const format = flags.output;
    this.write(
      renderFieldSearch(matches, {
        format,
        versionColumn: flags['all-versions'],
        defaultColumn: (flags.has ?? []).includes('default'),
        noHeaders: flags['no-headers'],
        cuts,
      }),
    );
    for (const { resource, limit } of cuts)
      writeStderrLine(walkCutWarning(`${qualifiedName(resource.name, resource.group)} ${resource.version}`, limit));

    if (schemas.missing.length > 0) {
      const names = schemas.missing.map(
        ({ resource, reason }) => `${qualifiedName(resource.name, resource.group)} ${resource.version} (${reason})`,
      );
      writeStderrLine(`Notice: not searched, no schema: ${names.join(', ')}`);
    }
    if (matches.length === 0 && format === 'table') writeStderrLine('No fields found.');
    this.reportPartial(surface);
  }
}
