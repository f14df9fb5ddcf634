import Link from 'next/link';
import { getLocale, getTimeZone, getTranslations } from 'next-intl/server';
import { LanguageSwitch } from './language-switch';
import type { SessionUser } from '@/lib/auth/access';
import { can } from '@/lib/api/roles';
import type { Theme } from './theme';
import { ThemeSwitch } from './theme-switch';

export async function SiteHeader({ theme, user }: { theme: Theme; user: SessionUser | null }) {
  const t = await getTranslations('app');
  const tNav = await getTranslations('nav');
  const tAuth = await getTranslations('auth');
  const zone = await getTimeZone();
  const locale = await getLocale();
  return (
    <header className="border-b border-border bg-surface">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 group-has-[[data-wide-page]]/page:max-w-[96rem]">
        <nav className="flex flex-wrap items-center gap-x-4 gap-y-1" aria-label={tNav('search')}>
          <Link href="/" className="text-lg font-semibold tracking-tight text-fg">
            {t('name')}
          </Link>
          {user && can(user.role, 'orders.list') && (
            // Not prefetched: opening the list is viewing order data, and is audited.
            <Link href="/orders" prefetch={false} className="text-sm text-muted hover:text-fg">
              {tNav('orders')}
            </Link>
          )}
          {user && can(user.role, 'finance.batch') && (
            <Link href="/batches" className="text-sm text-muted hover:text-fg">
              {tNav('batches')}
            </Link>
          )}
          {user && can(user.role, 'sync.view') && (
            <Link href="/sync" prefetch={false} className="text-sm text-muted hover:text-fg">
              {tNav('sync')}
            </Link>
          )}
          {user && can(user.role, 'orders.list') && (
            // Finance and admin: the day ledger (issue 23). Not prefetched: it is a page of order data.
            <Link href="/ledger" prefetch={false} className="text-sm text-muted hover:text-fg" data-testid="nav-ledger">
              {tNav('ledger')}
            </Link>
          )}
          {user && can(user.role, 'audit.view') && (
            <Link href="/admin/audit" className="text-sm text-muted hover:text-fg">
              {tNav('audit')}
            </Link>
          )}
          {user && can(user.role, 'user.manage') && (
            <Link href="/admin/users" className="text-sm text-muted hover:text-fg">
              {tNav('users')}
            </Link>
          )}
          {user && (
            // Not prefetched: every page would otherwise ask for the key list (four requests a view), for a page seldom opened.
            <Link href="/account/api-keys" prefetch={false} className="text-sm text-muted hover:text-fg">
              {tNav('apiKeys')}
            </Link>
          )}
        </nav>
        <div className="flex flex-wrap items-center gap-3">
          <span className="hidden text-xs text-muted md:inline">{t('timezoneNote', { zone })}</span>
          <LanguageSwitch locale={locale} label={t('language')} />
          {user && (
            <form method="post" action="/api/session/sign-out" className="flex items-center gap-2">
              <span className="hidden text-xs text-muted lg:inline" data-testid="signed-in-as">
                {tAuth('signedInAs', { email: user.email, role: user.role ?? '—' })}
              </span>
              <button type="submit" className="rounded-md border border-border bg-surface px-2 py-1 text-sm text-fg hover:bg-surface-2">
                {tAuth('signOut')}
              </button>
            </form>
          )}
          <ThemeSwitch initial={theme} label={t('theme')} names={{ system: t('themeSystem'), light: t('themeLight'), dark: t('themeDark') }} />
        </div>
      </div>
    </header>
  );
}
