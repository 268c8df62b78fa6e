// Given names that stand for each other (Bob = Robert, Liz = Elizabeth), from the shipped
// carltonnorthern/nicknames table (assets/nicknames.csv; origin and licence in SOURCE.md).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// assets/ sits four levels up from both src/modules/patients/matching and its dist twin.
const nicknamesFile = fileURLToPath(new URL('../../../../assets/nicknames.csv', import.meta.url));

export type NicknameMap = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Each line is a name followed by its nicknames. Equivalence goes both ways (robert -> bob
 * and bob -> robert) but is not closed transitively: bill lists robert, and a closure would
 * make every William a Robert.
 */
export function parseNicknames(text: string): NicknameMap {
  const map = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    let set = map.get(a);
    if (!set) map.set(a, (set = new Set()));
    set.add(b);
  };
  for (const line of text.split(/\r?\n/)) {
    // Entries such as "k.c." or "l.r." are initials; names compare without punctuation.
    const names = line
      .split(',')
      .map((n) =>
        n
          .trim()
          .toLowerCase()
          .replace(/[^a-z]/g, ''),
      )
      .filter((n) => n.length > 0);
    const [head, ...rest] = names;
    if (head === undefined) continue;
    for (const other of rest) {
      if (other === head) continue;
      link(head, other);
      link(other, head);
    }
  }
  return map;
}

let loaded: NicknameMap | null = null;

/** The shipped table, read once. Throws when the file is missing (a packaging fault). */
export function nicknames(): NicknameMap {
  loaded ??= parseNicknames(readFileSync(nicknamesFile, 'utf8'));
  return loaded;
}

/** True when the two normalized given names are listed as nicknames of each other. */
export function areNicknames(a: string, b: string): boolean {
  return nicknames().get(a)?.has(b) ?? false;
}
