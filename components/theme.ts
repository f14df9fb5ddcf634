export const THEME_COOKIE = 'theme';
export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];

export function isTheme(value: string | undefined): value is Theme {
  return (themes as readonly string[]).includes(value ?? '');
}
