'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export const SEARCH_INPUT_ID = 'order-search';

/** `/` focuses the search box from any page (or opens search when the page has none). */
export function SlashShortcut() {
  const router = useRouter();
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      const input = document.getElementById(SEARCH_INPUT_ID);
      if (input) input.focus();
      else router.push('/');
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router]);
  return null;
}
