import { QueryClient } from '@tanstack/react-query';
import { ApiError } from './api';

/** A client error will answer the same on a retry; network failures and 5xx may not. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        staleTime: 30_000,
        refetchOnWindowFocus: true,
        // No polling by default: a poll would keep an idle session alive past its timeout.
        refetchInterval: false,
      },
      mutations: { retry: false },
    },
  });
}
