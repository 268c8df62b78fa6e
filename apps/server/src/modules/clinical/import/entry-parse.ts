// The ParseContext a mapper sees while one entry is parsed: validation, reference
// resolution inside the bundle, and the entry's failures and warnings.
import type { z } from 'zod';
import type { FhirImportIssue } from '@meridian/contracts';
import type { BundleEntry, BundleIndex, BundleProblem } from './bundle-reader.js';
import type { ParseContext } from './fhir-mapper.js';
import { zodIssues, type EntryRef } from './import-issues.js';

export type Issue = Omit<FhirImportIssue, 'file'>;

const refOf = (e: BundleEntry): EntryRef => ({
  index: e.index,
  fullUrl: e.fullUrl,
  resourceType: e.resourceType,
});

export function entryIssue(e: BundleEntry, path: string, rule: string, message: string): Issue {
  return { entry: e.index, fullUrl: e.fullUrl, resourceType: e.resourceType, path, rule, message };
}

export function problemIssue(e: BundleEntry, p: BundleProblem): Issue {
  return entryIssue(e, p.path, p.rule, p.message);
}

/** Issues of one entry while it is parsed, through the ParseContext mappers see. */
export class EntryParse implements ParseContext {
  readonly failures: Issue[] = [];
  readonly warnings: Issue[] = [];
  constructor(
    readonly entry: BundleEntry,
    readonly source: NonNullable<BundleEntry['source']>,
    private readonly index: BundleIndex,
    private readonly file: string | null,
  ) {}

  private get prefix(): string {
    return this.entry.resourceType ?? 'Resource';
  }

  validate<S extends z.ZodType>(schema: S, resource: unknown): z.output<S> | null {
    const parsed = schema.safeParse(resource);
    if (parsed.success) return parsed.data;
    for (const i of zodIssues(parsed.error, resource, this.prefix, refOf(this.entry), this.file)) {
      this.failures.push(i);
    }
    return null;
  }

  reference(
    reference: string,
    path: string,
    opts: { types?: readonly string[]; optional?: boolean } = {},
  ): BundleEntry | null {
    const target = this.index.resolve(reference, this.entry);
    const where = `${path}.reference`;
    if (target && (!opts.types || opts.types.includes(target.resourceType ?? ''))) return target;
    const message = target
      ? `must point at ${opts.types?.join(' or ')}, not ${target.resourceType ?? 'an entry without a type'}`
      : 'resolves to no entry of the bundle';
    if (opts.optional && target === null && !reference.toLowerCase().startsWith('urn:')) {
      this.warn(where, 'reference.unresolved', `${message}: not imported`);
    } else this.fail(where, 'reference.unresolved', message);
    return null;
  }

  fail(path: string, rule: string, message: string): void {
    this.failures.push(entryIssue(this.entry, `${this.prefix}.${path}`, rule, message));
  }

  warn(path: string, rule: string, message: string): void {
    this.warnings.push(entryIssue(this.entry, `${this.prefix}.${path}`, rule, message));
  }
}
