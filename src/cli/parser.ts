/**
 * oclif's flag and argument builders and its parser, for commands. The build bundles these
 * three modules without the rest of @oclif/core (scripts/oclif-parser-only.mjs), so running a
 * command does not evaluate oclif's config, help and error rendering.
 */
export * as Args from '@oclif/core/args';
export * as Flags from '@oclif/core/flags';
export { parse } from '@oclif/core/parser';
