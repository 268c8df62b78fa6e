// Pure parts of code search: telling a code prefix from words, and writing the tsquery.

/**
 * The code prefix a query is, without its dot (E11, E116, E11.6 -> E116), or null when the
 * query is words. A single letter is a code prefix (a chapter), not a word.
 */
export function codePrefixOf(q: string): string | null {
  const s = q.trim().toUpperCase();
  if (s.includes('.') && s.indexOf('.') !== 3) return null;
  const compact = s.replace('.', '');
  return /^[A-Z]([0-9][0-9A-Z]{0,5})?$/.test(compact) ? compact : null;
}

export interface QueryWord {
  /** As the 'simple' text search configuration splits the query (lower case). */
  token: string;
  /** Whether some word of the code set starts with it. */
  isKnownPrefix: boolean;
  /** The nearest known words, for typo tolerance (empty when not looked up). */
  alternatives: string[];
}

// tsquery lexemes are quoted: a quote inside is doubled and a backslash escaped.
function lexeme(word: string, prefix: boolean): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'${prefix ? ':*' : ''}`;
}

/**
 * The tsquery where every query word must match: words of 3+ characters as word prefixes
 * (the last may be half-typed; 'diab' finds diabetes), shorter ones as whole words ('type 2'
 * means the digit 2, not 20-29; a 2-letter prefix would match a third of the code set),
 * except a short last word with a digit ('stage 3' finds 3a and 3b). A word with
 * alternatives matches either. Null when a word can match nothing.
 */
export function wordsTsquery(words: readonly QueryWord[]): string | null {
  const parts: string[] = [];
  for (const [i, w] of words.entries()) {
    const isPrefix = w.token.length >= 3 || (i === words.length - 1 && /\d/.test(w.token));
    const options: string[] = [];
    if (w.isKnownPrefix) options.push(lexeme(w.token, isPrefix));
    for (const a of w.alternatives) if (a !== w.token) options.push(lexeme(a, true));
    if (options.length === 0) return null;
    parts.push(options.length === 1 ? (options[0] ?? '') : `(${options.join(' | ')})`);
  }
  return parts.length === 0 ? null : parts.join(' & ');
}
