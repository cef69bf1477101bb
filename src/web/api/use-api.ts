// Loading a resource for a page: the loading, error and loaded states, with the request
// cancelled when the page moves on.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, apiGet, isAbortError } from './client.ts';

export type ApiState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  /** isRefreshing: the data is the previous address's, while the new one loads. */
  | { status: 'ok'; data: T; isRefreshing?: boolean };

/**
 * `keepPrevious`: while a new address loads, keep showing the last data (a table switching
 * school year keeps its place, its search and the keyboard focus) instead of a loading state.
 */
export function useApi<T>(
  path: string,
  options: { keepPrevious?: boolean } = {},
): ApiState<T> & { reload: () => void } {
  const [state, setState] = useState<{ path: string; value: ApiState<T> }>({
    path,
    value: { status: 'loading' },
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    apiGet<T>(path, { signal: controller.signal }).then(
      (data) => setState({ path, value: { status: 'ok', data } }),
      (error: unknown) => {
        if (isAbortError(error)) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError({
                type: 'about:blank',
                title: 'Error',
                status: 0,
                detail: 'Something went wrong while loading this page. Try again.',
              });
        setState({ path, value: { status: 'error', error: apiError } });
      },
    );
    return () => controller.abort();
  }, [path, attempt]);

  const reload = useCallback(() => {
    setState({ path, value: { status: 'loading' } });
    setAttempt((n) => n + 1);
  }, [path]);

  // A new path shows loading at once rather than the previous page's data, unless asked.
  let value: ApiState<T> = state.value;
  if (state.path !== path) {
    value =
      options.keepPrevious && state.value.status === 'ok'
        ? { ...state.value, isRefreshing: true }
        : { status: 'loading' };
  }
  return { ...value, reload };
}
