import type { NoteSnippet } from '@meridian/contracts';
import { matchStart, matchStop } from './note.repository.js';

/**
 * ts_headline's output as segments: the text between the markers is a match. Line breaks
 * become spaces (a snippet is one line); an unbalanced marker (never expected) ends the
 * match at the end of the text rather than leaking a control character.
 */
export function parseHeadline(headline: string): NoteSnippet {
  const segments: NoteSnippet = [];
  const push = (text: string, isMatch: boolean) => {
    const clean = text.replace(/\s+/g, ' ');
    if (clean === '') return;
    const last = segments.at(-1);
    if (last && last.isMatch === isMatch) last.text += clean;
    else segments.push({ text: clean, isMatch });
  };
  let rest = headline;
  while (rest.length > 0) {
    const start = rest.indexOf(matchStart);
    if (start === -1) {
      push(rest.replaceAll(matchStop, ''), false);
      break;
    }
    push(rest.slice(0, start).replaceAll(matchStop, ''), false);
    const afterStart = rest.slice(start + 1);
    const stop = afterStart.indexOf(matchStop);
    const match = stop === -1 ? afterStart : afterStart.slice(0, stop);
    push(match.replaceAll(matchStart, ''), true);
    rest = stop === -1 ? '' : afterStart.slice(stop + 1);
  }
  return segments;
}
