import Link from 'next/link';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { LanguageSwitch } from './language-switch';
import type { Theme } from './theme';
import { ThemeSwitch } from './theme-switch';

export async function SiteHeader({ theme }: { theme: Theme }) {
  const t = await getTranslations('app');
  const zone = await getTimeZone();
  const locale = await getLocale();
  return (
    <header className="border-b border-border bg-surface">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/" className="text-lg font-semibold tracking-tight text-fg">
          {t('name')}
        </Link>
        <div className="flex flex-wrap items-center gap-3">
          <span className="hidden text-xs text-muted md:inline">{t('timezoneNote', { zone })}</span>
          <LanguageSwitch locale={locale} label={t('language')} />
          <ThemeSwitch initial={theme} label={t('theme')} names={{ system: t('themeSystem'), light: t('themeLight'), dark: t('themeDark') }} />
        </div>
      </div>
    </header>
  );
}
