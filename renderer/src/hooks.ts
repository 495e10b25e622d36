import { useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { call, subscribe, type ApiEvent, type ApiInput, type ApiName, type ApiOutput } from './api.js';

/** A query on one api operation, keyed by its name and input. */
export function useApi<N extends ApiName>(
  name: N,
  input: ApiInput<N>,
  options: Partial<UseQueryOptions<ApiOutput<N>>> = {},
) {
  return useQuery<ApiOutput<N>>({ queryKey: [name, input], queryFn: () => call(name, input), ...options });
}

export function useApiEvents(listener: (event: ApiEvent) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((event) => latest.current(event)), []);
}

export type Route = 'estate' | 'audit' | 'monitoring' | 'flows' | 'report';
export const ROUTES: Route[] = ['estate', 'audit', 'monitoring', 'flows', 'report'];

function routeOf(hash: string): Route {
  const name = hash.replace(/^#\/?/, '').split('?')[0] as Route;
  return ROUTES.includes(name) ? name : 'estate';
}

/** Hash routing: every page has a URL that survives reloads and needs nothing from the host. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const update = () => setRoute(routeOf(location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export type Theme = 'light' | 'dark';

export function useTheme(): [Theme, (theme: Theme) => void] {
  const [theme, setTheme] = useState<Theme>(() => {
    const saved = localStorage.getItem('junction-theme');
    if (saved === 'light' || saved === 'dark') return saved;
    return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  });
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('junction-theme', theme);
  }, [theme]);
  return [theme, setTheme];
}

export { formatMs, formatPercent } from '../../src/model/format.js';
export const formatDate = (value: string | number) =>
  new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
