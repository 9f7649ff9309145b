// ui-upstreams.json: the upstreams the UI saved, without their tokens (unless the vault refused one an older version kept inline).
import { z } from 'zod';
import { FiltersInputSchema } from '../../src-shared/protocol/index.js';
import { readJsonFile, writeJsonFile, type ProblemReporter } from './json-file.js';

export const UPSTREAMS_FILE = 'ui-upstreams.json';

/** `token` is only read: files written before the vault held tokens inline; they move to the vault on load. */
const StoredSchema = z.object({
  name: z.string(), url: z.string(), token: z.string().optional(), filters: FiltersInputSchema, enabled: z.boolean(),
});
/** An upstream in memory, its token (from the vault) included. */
export type StoredUpstream = z.infer<typeof StoredSchema>;
const FileSchema = z.object({ version: z.literal(1), upstreams: z.array(StoredSchema) });

/** The saved upstreams; none when the file is missing (a bad one is set aside, reported, and read as none). */
export function readUpstreamsFile(file: string, report: ProblemReporter): StoredUpstream[] {
  return readJsonFile(file, FileSchema, report)?.upstreams ?? [];
}

/** Writes the upstreams without their tokens, except those `keptInline` (the vault refused them). */
export function writeUpstreamsFile(file: string, upstreams: Iterable<StoredUpstream>, keptInline: (name: string) => boolean): void {
  const rows = [...upstreams].map(({ token, ...rest }) => (token !== undefined && keptInline(rest.name) ? { ...rest, token } : rest));
  writeJsonFile(file, { version: 1, upstreams: rows });
}
