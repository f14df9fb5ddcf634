'use client';

import { useEffect, useRef, type RefObject } from 'react';

/**
 * What a person typed or chose in a form before its script ran (a slow connection shows the form
 * first): at mount, each named field's value is handed to its setter, so the form's state is what
 * the screen shows, not an empty box that "Preview" or "Look up" would refuse. Returns the ref for
 * the `<form>`. Only non-empty values are handed over; a disabled field has none.
 */
export function useEarlyInput(setters: Record<string, (value: string) => void>): RefObject<HTMLFormElement | null> {
  const form = useRef<HTMLFormElement>(null);
  const apply = useRef(setters);
  useEffect(() => {
    if (!form.current) return;
    const data = new FormData(form.current);
    for (const [name, set] of Object.entries(apply.current)) {
      const value = data.get(name);
      if (typeof value === 'string' && value !== '') set(value);
    }
  }, []);
  return form;
}
