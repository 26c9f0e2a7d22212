import { globalFlags } from '../cli/flags.js';
import { KapiCommand } from '../cli/kapi-command.js';
import { writeOutputFile } from '../cli/output-file.js';
import { Flags } from '../cli/parser.js';
import { writeStderrLine } from '../cli/stderr.js';
import { allVersionResources } from '../surface/query.js';
import { qualifiedName, resourceVersionPath } from '../surface/vocabulary.js';

export default class Atlas extends KapiCommand {
  static override summary = 'Write the whole API as one self-contained HTML page: groups, versions, resources and every field.';
  static override description =
    'The page works offline, from a file URL: it loads nothing from the network. Groups list their versions and resources, ' +
    'coloured by who serves them (Local, CRD, Aggregated) and marked when unavailable or stale. A search box finds resources ' +
    '(name, kind, short names) and field paths; a click opens the resource: its REST path, short names, verbs, who serves it, ' +
    'and its fields as a tree (type, description, default, enum, format, bounds, pattern, CEL validation rules, required). ' +
    'Each resource embeds only the schemas reachable from its kind, and a schema shared by several resources is embedded once. ' +
    'Schemas come from OpenAPI v3 (v2 for servers without it), live or from a snapshot made with --with-schemas.';

  static override examples = [
    { description: 'The current cluster', command: '<%= config.bin %> <%= command.id %> --html atlas.html' },
    {
      description: 'The bundled Kubernetes release, offline',
      command: '<%= config.bin %> <%= command.id %> --html atlas.html --snapshot builtin',
    },
    { description: 'To stdout', command: '<%= config.bin %> <%= command.id %> --html - --snapshot builtin:v1.21.0-k0s > v1.21.html' },
  ];

  static override flags = {
    ...globalFlags,
    html: Flags.string({ description: 'Write the page to FILE ("-" for stdout).', required: true, helpValue: 'FILE' }),
    title: Flags.string({ description: 'The page title (default: "API atlas" and the source).' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Atlas);
    const { loadResourceSchemas } = await import('../openapi/resource-schemas.js');
    const { embedSchemas } = await import('../openapi/embed-schemas.js');
    const { atlasModel } = await import('../surface/atlas.js');
    const { renderAtlasHtml } = await import('../render/atlas-html.js');

    const session = this.openSession(flags);
    const surface = await session.surface({ servedBy: true, serverVersion: true });
    const loaded = await loadResourceSchemas(await session.schemaSource(), allVersionResources(surface));
    const embedded = embedSchemas(loaded.found);
    const keys = new Map(
      loaded.found.map((entry, index) => [
        resourceVersionPath(entry.resource.group, entry.resource.version, entry.resource.name),
        embedded.roots[index] as string,
      ]),
    );
    const source = flags.snapshot ?? surface.source.context ?? surface.source.server ?? 'live';
    const model = atlasModel({
      surface,
      title: flags.title ?? `API atlas: ${source}`,
      source,
      schemaKey: (resource) => keys.get(resourceVersionPath(resource.group, resource.version, resource.name)) ?? null,
      schemas: embedded.schemas,
    });
    const html = renderAtlasHtml(model);
    if (flags.html === '-') this.write(html);
    else {
      writeOutputFile(flags.html, html);
      const resources = model.groups.flatMap((group) => group.versions).reduce((n, version) => n + version.resources.length, 0);
      writeStderrLine(
        `Wrote ${flags.html} (${Math.round(Buffer.byteLength(html) / 1024)} KiB): ${model.groups.length} groups, ${resources} resources, ${Object.keys(model.schemas).length} schemas`,
      );
    }
    if (loaded.missing.length > 0) {
      const names = loaded.missing.map(({ resource }) => `${qualifiedName(resource.name, resource.group)} ${resource.version}`);
      writeStderrLine(`Notice: no schema published for ${names.join(', ')}: shown without fields`);
    }
    this.reportPartial(surface, { servedBy: true });
  }
}
