import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { sessionUser, type SessionUser } from '@/lib/auth/access';
import { isDatabaseOutage } from '@/lib/db/outage';
import { answerDatabaseOutage } from '@/lib/request-scope';
import type { ReactNode } from 'react';
import { DatabaseUnavailable } from '@/components/database-unavailable';
import { SiteHeader } from '@/components/site-header';
import { SlashShortcut } from '@/components/slash-shortcut';
import { THEME_COOKIE, isTheme } from '@/components/theme';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('app');
  return { title: { default: 'Order Desk', template: '%s · Order Desk' }, description: t('tagline') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('app');
  const chosen = (await cookies()).get(THEME_COOKIE)?.value;
  const theme = isTheme(chosen) ? chosen : 'system';
  let user: SessionUser | null;
  try {
    user = await sessionUser(await headers());
  } catch (error) {
    if (!isDatabaseOutage(error)) throw error;
    // Every page checks the session here first: a database out of reach is shown as what it is, answered 503.
    answerDatabaseOutage();
    return (
      <html lang={locale} data-theme={theme === 'system' ? undefined : theme}>
        <body className="min-h-screen antialiased">
          <main id="main" className="mx-auto max-w-6xl px-4 py-10">
            <DatabaseUnavailable />
          </main>
        </body>
      </html>
    );
  }
  return (
    <html lang={locale} data-theme={theme === 'system' ? undefined : theme}>
      <body className="group/page min-h-screen antialiased">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-surface focus:p-2">
          {t('skipToContent')}
        </a>
        <SiteHeader theme={theme} user={user} />
        <SlashShortcut />
        <main id="main" className="mx-auto max-w-6xl px-4 py-6 group-has-[[data-wide-page]]/page:max-w-[96rem]">
          {children}
        </main>
      </body>
    </html>
  );
}
