import type { Note, NoteSummary } from '@meridian/contracts';
import { makeMe } from '../../../test/app-harness';
import { patientId } from '../../patients/patients.fixtures';

export const me = makeMe({ roles: ['physician'] });
export const otherDoctor = { id: '0190a0b0-0000-7000-8000-0000000000bb', name: 'Sam Reyes' };

export function aNote(overrides: Partial<Note> = {}): Note {
  return {
    id: '0193b000-0000-7000-8000-000000000001',
    patientId,
    encounterId: null,
    kind: 'progress_soap',
    title: 'Day 2 progress',
    status: 'signed',
    author: otherDoctor,
    signedAt: '2026-03-02T10:00:00Z',
    createdAt: '2026-03-02T09:00:00Z',
    updatedAt: '2026-03-02T10:00:00Z',
    addendumCount: 1,
    version: 3,
    sections: { subjective: 'Slept well.', assessment: 'Improving.' },
    signedBy: otherDoctor,
    discardedAt: null,
    enteredInError: null,
    addenda: [
      {
        id: '0193b000-0000-7000-8000-0000000000a1',
        author: otherDoctor,
        text: 'Echo: preserved ejection fraction.',
        signedAt: '2026-03-02T12:00:00Z',
      },
    ],
    sourceSystem: null,
    sourceId: null,
    ...overrides,
  };
}

export function summaryOf(note: Note, snippet: NoteSummary['snippet'] = null): NoteSummary {
  return {
    id: note.id,
    patientId: note.patientId,
    encounterId: note.encounterId,
    kind: note.kind,
    title: note.title,
    status: note.status,
    author: note.author,
    signedAt: note.signedAt,
    createdAt: note.createdAt,
    updatedAt: note.updatedAt,
    addendumCount: note.addendumCount,
    version: note.version,
    snippet,
  };
}
