import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface Route {
  file: string;
  url: string;
  methods: string[];
  page: boolean;
  /** The folder names under app/, dynamic ones as written (`[tradeNo]`). */
  segments: string[];
}

/** Every page and route handler under app/, with its methods and a URL to try it at. */
export function routes(): Route[] {
  const found: Route[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'page.tsx' || name === 'route.ts') {
        const segments = relative('app', dir).split(sep).filter(Boolean);
        const url = `/${segments
          .map((s) => ({ '[orderId]': 'DD2981741311549200000', '[tradeNo]': '522346', '[...all]': 'get-session', '[id]': '00000000-0000-4000-8000-000000000000', '[keyId]': 'no-such-key' })[s] ?? s)
          .join('/')}`;
        const source = readFileSync(path, 'utf8');
        const methods = name === 'page.tsx' ? ['GET'] : [...source.matchAll(/export (?:async function|const \{?) ?(GET|POST|PUT|PATCH|DELETE)/g)].map((m) => m[1]!);
        if (name === 'route.ts' && source.includes('export const { GET, POST }')) methods.push('GET', 'POST');
        found.push({ file: relative('.', path), url, methods: [...new Set(methods)], page: name === 'page.tsx', segments });
      }
    }
  };
  walk('app');
  return found;
}

