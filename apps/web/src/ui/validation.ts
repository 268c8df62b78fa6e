import type { z } from 'zod';
import { i18next } from '../app/i18n';

type Issue = z.core.$ZodIssue;

function issueMessage(issue: Issue): string {
  const t = i18next.t.bind(i18next);
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1
        ? t('common:validation.required')
        : t('common:validation.tooShort', { count: Number(issue.minimum) });
    case 'too_big':
      return t('common:validation.tooLong', { count: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email'
        ? t('common:validation.email')
        : t('common:validation.format');
    case 'invalid_type':
      return t('common:validation.required');
    default:
      return t('common:validation.invalid');
  }
}

/**
 * A Mantine form `validate` function from a contracts zod schema, with messages from the
 * i18n catalogue (the schemas' own messages are English for the API). `messages` overrides
 * the message for a field path.
 */
export function zodValidate<Values>(
  schema: z.ZodType,
  messages: Partial<Record<string, string>> = {},
): (values: Values) => Record<string, string> {
  return (values) => {
    const result = schema.safeParse(values);
    if (result.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues) {
      const path = issue.path.join('.');
      errors[path] ??= messages[path] ?? issueMessage(issue);
    }
    return errors;
  };
}
