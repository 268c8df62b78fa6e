// Common English given-name nicknames, for generated preferred names and for duplicates
// registered under a nickname (Robert on one record, Bob on the other). A short list on
// purpose: the generator needs realistic examples, not full coverage.

// prettier-ignore
const pairs: readonly (readonly [string, readonly string[]])[] = [
  ['Robert', ['Bob', 'Rob', 'Bobby']], ['William', ['Bill', 'Will', 'Billy']],
  ['Richard', ['Rick', 'Dick', 'Rich']], ['James', ['Jim', 'Jimmy']], ['John', ['Jack', 'Johnny']],
  ['Michael', ['Mike', 'Mikey']], ['Joseph', ['Joe', 'Joey']], ['Thomas', ['Tom', 'Tommy']],
  ['Charles', ['Charlie', 'Chuck']], ['Christopher', ['Chris']], ['Daniel', ['Dan', 'Danny']],
  ['Matthew', ['Matt']], ['Anthony', ['Tony']], ['Steven', ['Steve']], ['Andrew', ['Andy', 'Drew']],
  ['Joshua', ['Josh']], ['Kenneth', ['Ken', 'Kenny']], ['Edward', ['Ed', 'Eddie', 'Ted']],
  ['Timothy', ['Tim']], ['Ronald', ['Ron', 'Ronnie']], ['Jeffrey', ['Jeff']],
  ['Nicholas', ['Nick']], ['Benjamin', ['Ben']], ['Samuel', ['Sam']], ['Alexander', ['Alex']],
  ['Jonathan', ['Jon']], ['Gregory', ['Greg']], ['Patrick', ['Pat']], ['Peter', ['Pete']],
  ['Donald', ['Don']], ['Lawrence', ['Larry']], ['Gerald', ['Jerry']], ['Frederick', ['Fred']],
  ['Elizabeth', ['Liz', 'Beth', 'Betty', 'Lisa']], ['Margaret', ['Maggie', 'Peggy', 'Meg']],
  ['Katherine', ['Kate', 'Kathy', 'Katie']], ['Catherine', ['Cathy', 'Cat']],
  ['Jennifer', ['Jen', 'Jenny']], ['Patricia', ['Pat', 'Patty', 'Trish']],
  ['Susan', ['Sue', 'Susie']], ['Deborah', ['Debbie', 'Deb']], ['Rebecca', ['Becky']],
  ['Kimberly', ['Kim']], ['Jessica', ['Jess']], ['Victoria', ['Vicky', 'Tori']],
  ['Christina', ['Tina', 'Chris']], ['Alexandra', ['Alex', 'Sandra']], ['Samantha', ['Sam']],
  ['Stephanie', ['Steph']], ['Cynthia', ['Cindy']], ['Barbara', ['Barb']], ['Dorothy', ['Dot']],
  ['Abigail', ['Abby']], ['Pamela', ['Pam']], ['Theresa', ['Terry', 'Tess']],
  ['Francisco', ['Paco', 'Pancho']], ['José', ['Pepe']], ['Guadalupe', ['Lupe']],
  ['Alejandro', ['Alex']], ['Enrique', ['Quique']], ['Jesús', ['Chuy']],
];

/** Formal name -> its nicknames. */
export const nicknamesOf: ReadonlyMap<string, readonly string[]> = new Map(pairs);

/** Nickname -> the formal names it is short for. */
export const formalNamesOf: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [formal, nicks] of pairs) {
    for (const nick of nicks) map.set(nick, [...(map.get(nick) ?? []), formal]);
  }
  return map;
})();

/** Names the same person might be registered under instead of `given` (either direction). */
export function alternateGivenNames(given: string): readonly string[] {
  return [...(nicknamesOf.get(given) ?? []), ...(formalNamesOf.get(given) ?? [])];
}
