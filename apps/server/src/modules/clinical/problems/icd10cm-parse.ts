// Reading an ICD-10-CM release file, line by line, in either layout we accept:
//  - `tsv`: our bundled layout (data/SOURCE.md), a header row naming at least the columns
//    code, billable, short_description, long_description (others such as poa_exempt are
//    ignored), codes without the dot, billable 1/0; the order number is the row's position.
//  - `order`: the official CMS/CDC "ICD-10-CM code descriptions in tabular order" file
//    (icd10cm_order_YYYY.txt / icd10cm-order-YYYY.txt), fixed width per its record layout:
//    cols 1-5 order number (zero-filled), 7-13 code (no dot, space-padded), 15 header flag
//    (0 = header, not valid for HIPAA transactions; 1 = valid), 17-76 short description,
//    78-end long description.
import { normalizeIcd10cmCode } from '@meridian/contracts';

export type Icd10cmLayout = 'tsv' | 'order';

export interface Icd10cmRow {
  /** Canonical dotted form: E11.9; categories without a dot. */
  code: string;
  billable: boolean;
  shortDescription: string;
  longDescription: string;
  tabularOrder: number;
}

export interface LineProblem {
  line: number;
  message: string;
}

const orderLinePattern = /^(\d{5}) ([0-9A-Z ]{7}) ([01]) (.{1,60})(?: (.*))?$/;

/** The layout of a file from its first line, or null when it is neither. */
export function detectIcd10cmLayout(firstLine: string): Icd10cmLayout | null {
  const line = firstLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
  if (line.split('\t').map((c) => c.trim().toLowerCase())[0] === 'code') return 'tsv';
  if (orderLinePattern.test(line)) return 'order';
  return null;
}

const tsvColumns = ['code', 'billable', 'short_description', 'long_description'] as const;
type TsvColumn = (typeof tsvColumns)[number];

/**
 * Parses a release file's lines into rows, collecting what is wrong with which line (the
 * first `maxProblems`) rather than stopping at the first: a loader refuses the whole file
 * when any line is bad, and the operator fixes them all at once.
 */
export class Icd10cmParser {
  readonly rows: Icd10cmRow[] = [];
  readonly problems: LineProblem[] = [];
  layout: Icd10cmLayout | null = null;
  private lineNo = 0;
  private columns: Record<TsvColumn, number> | null = null;
  private readonly seen = new Set<string>();

  constructor(private readonly maxProblems = 20) {}

  push(raw: string): void {
    this.lineNo += 1;
    const line = raw.replace(/\r$/, '');
    if (this.lineNo === 1) {
      const clean = line.replace(/^\uFEFF/, '');
      this.layout = detectIcd10cmLayout(clean);
      if (this.layout === null) {
        this.problem(
          'is neither a TSV header (code, billable, short_description, long_description) ' +
            'nor an ICD-10-CM order file record',
        );
        return;
      }
      if (this.layout === 'tsv') return this.readHeader(clean);
      return this.readOrderLine(clean);
    }
    if (this.layout === null || line.trim() === '') return;
    if (this.layout === 'tsv') this.readTsvLine(line);
    else this.readOrderLine(line);
  }

  private readHeader(line: string): void {
    const names = line.split('\t').map((c) => c.trim().toLowerCase());
    const columns: Partial<Record<TsvColumn, number>> = {};
    for (const c of tsvColumns) {
      const at = names.indexOf(c);
      if (at < 0) this.problem(`the header has no column ${c}`);
      else columns[c] = at;
    }
    if (this.problems.length === 0) this.columns = columns as Record<TsvColumn, number>;
  }

  private readTsvLine(line: string): void {
    if (!this.columns) return;
    const cells = line.split('\t');
    const cell = (c: TsvColumn) => (cells[this.columns?.[c] ?? -1] ?? '').trim();
    const billable = cell('billable');
    if (billable !== '0' && billable !== '1') {
      this.problem(`billable must be 1 or 0, not "${billable.slice(0, 10)}"`);
      return;
    }
    this.add(cell('code'), billable === '1', cell('short_description'), cell('long_description'));
  }

  private readOrderLine(line: string): void {
    const m = orderLinePattern.exec(line);
    if (!m) {
      this.problem('does not follow the order file layout (order, code, 0/1, descriptions)');
      return;
    }
    const [, order = '', code = '', flag = '', short = '', long = ''] = m;
    this.add(code.trim(), flag === '1', short.trim(), long.trim(), Number(order));
  }

  private add(
    rawCode: string,
    billable: boolean,
    shortDescription: string,
    longDescription: string,
    order?: number,
  ): void {
    const code = rawCode.includes('.') ? null : normalizeIcd10cmCode(rawCode);
    if (code === null) {
      this.problem(`"${rawCode.slice(0, 10)}" is not an ICD-10-CM code (letter, digits, no dot)`);
      return;
    }
    if (shortDescription === '' || shortDescription.length > 100) {
      this.problem(`${code}: the short description must have 1 to 100 characters`);
      return;
    }
    // Tricky: some order-file headers repeat the short text only; take it as the long one.
    const long = longDescription === '' ? shortDescription : longDescription;
    if (long.length > 500) {
      this.problem(`${code}: the long description must have at most 500 characters`);
      return;
    }
    if (this.seen.has(code)) {
      this.problem(`${code} appears twice`);
      return;
    }
    this.seen.add(code);
    this.rows.push({
      code,
      billable,
      shortDescription,
      longDescription: long,
      tabularOrder: order ?? this.rows.length + 1,
    });
  }

  private problem(message: string): void {
    if (this.problems.length < this.maxProblems) {
      this.problems.push({ line: this.lineNo, message });
    } else if (this.problems.length === this.maxProblems) {
      this.problems.push({ line: this.lineNo, message: 'and more problems after this line' });
    }
  }
}
