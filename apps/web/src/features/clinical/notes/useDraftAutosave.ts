import { useCallback, useEffect, useRef, useState } from 'react';
import type { Note } from '@meridian/contracts';
import { api, ApiError } from '../../../app/api';
import { useSaveDraft } from './notes.api';

export interface DraftContent {
  title: string;
  sections: Record<string, string>;
}

export type SaveState =
  | { kind: 'saved'; at: Date | null }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'error'; error: unknown }
  | { kind: 'conflict' };

const delayMs = 1000;

/**
 * The editor's autosave: edits stay local and are sent a second after typing stops, at the
 * version last saved (If-Match). A save refused as stale (412) stops autosaving and asks
 * the author to load the saved version or keep theirs; `flush` sends what is pending and
 * answers the version to sign.
 */
export function useDraftAutosave(note: Note) {
  // Tricky: mutateAsync is stable across renders (the mutation observer's bound method),
  // so the callbacks below, and the unmount effect, do not change with each render.
  const { mutateAsync: saveDraft } = useSaveDraft();
  const [content, setContent] = useState<DraftContent>({
    title: note.title,
    sections: note.sections,
  });
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: null });
  const version = useRef(note.version);
  const latest = useRef(content);
  /** Bumped on every edit; a save is current when no edit came after it started. */
  const edits = useRef(0);
  const savedEdits = useRef(0);
  const inFlight = useRef<Promise<void> | null>(null);
  const isConflict = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const send = useCallback(async (): Promise<void> => {
    if (inFlight.current) await inFlight.current;
    if (isConflict.current || savedEdits.current === edits.current) return;
    const upTo = edits.current;
    const body = latest.current;
    setState({ kind: 'saving' });
    const run = (async () => {
      try {
        const saved = await saveDraft({ id: note.id, version: version.current, body });
        version.current = saved.version;
        savedEdits.current = upTo;
        setState(upTo === edits.current ? { kind: 'saved', at: new Date() } : { kind: 'unsaved' });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'resource.version_mismatch') {
          isConflict.current = true;
          setState({ kind: 'conflict' });
        } else {
          setState({ kind: 'error', error });
        }
      }
    })();
    inFlight.current = run;
    await run;
    inFlight.current = null;
  }, [note.id, saveDraft]);

  const edit = useCallback(
    (change: (c: DraftContent) => DraftContent) => {
      latest.current = change(latest.current);
      edits.current += 1;
      setContent(latest.current);
      if (!isConflict.current) setState({ kind: 'unsaved' });
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void send(), delayMs);
    },
    [send],
  );

  /** Sends pending edits now; answers the version to act on, or null if not saved. */
  const flush = useCallback(async (): Promise<number | null> => {
    if (timer.current) clearTimeout(timer.current);
    await send();
    return savedEdits.current === edits.current && !isConflict.current ? version.current : null;
  }, [send]);

  /** Conflict: take the saved version (drops local edits) or keep ours over it. */
  const resolve = useCallback(
    async (choice: 'load' | 'keep') => {
      const current = await api<Note>('GET', `/api/v1/notes/${note.id}`);
      version.current = current.version;
      isConflict.current = false;
      if (choice === 'load') {
        latest.current = { title: current.title, sections: current.sections };
        savedEdits.current = edits.current;
        setContent(latest.current);
        setState({ kind: 'saved', at: null });
      } else {
        savedEdits.current = -1;
        await send();
      }
    },
    [note.id, send],
  );

  // Leaving the editor (another note, another tab of the chart) saves what is pending.
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      if (savedEdits.current !== edits.current && !isConflict.current) void send();
    },
    [send],
  );

  return { content, state, edit, flush, resolve, retry: send };
}
