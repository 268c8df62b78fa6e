import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { ApiOptions } from '../../app/api';

/** One page of a cursor-paginated list, as every list endpoint answers. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A cursor-paginated GET: each "Load more" asks for the page after the last `nextCursor`.
 * Rows stay in view while a changed filter loads, so typing does not flash a spinner.
 */
export function useCursorList<T>(
  queryKey: readonly unknown[],
  path: string,
  query: ApiOptions['query'],
  options: { retry?: boolean } = {},
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      api<Page<T>>('GET', path, { query: { ...query, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    ...options,
  });
}

/** All items of the pages loaded so far, in order. */
export function flattenPages<T>(data: { pages: Page<T>[] } | undefined): T[] {
  return data ? data.pages.flatMap((p) => p.items) : [];
}

/** The If-Match header of an update: the strong ETag of the version the edit started from. */
export function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"${version}"` };
}
