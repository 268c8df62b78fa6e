// Issues of an import: where (entry, FHIRPath-like path), which rule, and a message that
// names the rule, never the value (no PHI in a report).
import type { z } from 'zod';
import type { FhirImportIssue } from '@meridian/contracts';

/** The entry an issue belongs to. */
export interface EntryRef {
  index: number | null;
  fullUrl: string | null;
  resourceType: string | null;
}

/** `name[0].given` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let at = root;
  for (const part of path) {
    if (typeof at !== 'object' || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[part];
  }
  return at;
}

/** The rule of a zod issue: ours from `params.rule`, `required` for a missing field, else zod's code. */
function ruleOf(issue: z.core.$ZodIssue, input: unknown): string {
  if (issue.code === 'custom') {
    const rule = (issue.params as { rule?: unknown } | undefined)?.rule;
    return typeof rule === 'string' ? rule : 'invalid';
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return 'required';
  if (issue.code === 'invalid_value') return 'code.unsupported';
  return issue.code;
}

/** Zod's issues as import issues under `prefix` (the resource type, `Patient`). */
export function zodIssues(
  error: z.ZodError,
  input: unknown,
  prefix: string,
  entry: EntryRef,
  file: string | null,
): FhirImportIssue[] {
  return error.issues.map((issue) => {
    const rule = ruleOf(issue, input);
    const where = formatPath(issue.path);
    return {
      file,
      entry: entry.index,
      fullUrl: entry.fullUrl,
      resourceType: entry.resourceType,
      path: where ? `${prefix}.${where}` : prefix,
      rule,
      message: rule === 'required' ? 'is required' : issue.message,
    };
  });
}
