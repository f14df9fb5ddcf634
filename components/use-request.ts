'use client';

import { useCallback, useEffect, useRef, useState } from 'react';

type Flags<S extends string> = { status: S; isIdle: S extends 'idle' ? true : false; isPending: S extends 'pending' ? true : false; isSuccess: S extends 'success' ? true : false; isError: S extends 'error' ? true : false };

export type RequestState<TData, TError> =
  | (Flags<'idle'> & { data: undefined; error: null })
  | (Flags<'pending'> & { data: undefined; error: null })
  | (Flags<'success'> & { data: TData; error: null })
  | (Flags<'error'> & { data: undefined; error: TError });

export type RequestResult<TData, TError, TVariables> = RequestState<TData, TError> & {
  mutate: (variables: TVariables) => void;
  reset: () => void;
};

const flags = <S extends RequestState<unknown, unknown>['status']>(status: S) =>
  ({ status, isIdle: status === 'idle', isPending: status === 'pending', isSuccess: status === 'success', isError: status === 'error' }) as Flags<S>;
const idle = { ...flags('idle'), data: undefined, error: null };

/**
 * A request a form sends (a search, creating or revoking a key): its state, as TanStack Query's
 * `useMutation` gives it, for pages that need nothing else of TanStack Query (its query client
 * and caches are about 12 KiB of the page's first JavaScript). As there: the state follows the
 * latest `mutate` until `reset`; `onSuccess` runs for every request that succeeds, also one sent
 * before a later `mutate` or a `reset`.
 */
export function useRequest<TData, TError, TVariables = void>(options: {
  request: (variables: TVariables) => Promise<TData>;
  onSuccess?: (data: TData, variables: TVariables) => void;
}): RequestResult<TData, TError, TVariables> {
  const [state, setState] = useState<RequestState<TData, TError>>(idle);
  const latest = useRef(0);
  const current = useRef(options);
  useEffect(() => {
    current.current = options;
  });

  const mutate = useCallback((variables: TVariables) => {
    const call = ++latest.current;
    // The options of the render that sent it, as useMutation's.
    const { request, onSuccess } = current.current;
    setState({ ...flags('pending'), data: undefined, error: null });
    request(variables).then(
      (data) => {
        onSuccess?.(data, variables);
        if (call === latest.current) setState({ ...flags('success'), data, error: null });
      },
      (error: TError) => {
        if (call === latest.current) setState({ ...flags('error'), data: undefined, error });
      },
    );
  }, []);
  const reset = useCallback(() => {
    latest.current++;
    setState(idle);
  }, []);

  return { ...state, mutate, reset };
}
