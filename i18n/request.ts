import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { serverEnv } from '@/lib/env/server';
import { LOCALE_COOKIE, isLocale, localeFromAcceptLanguage } from './locales';

/** The language is the person's choice (a cookie), else the browser's; no locale in URLs. */
export default getRequestConfig(async () => {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : localeFromAcceptLanguage((await headers()).get('accept-language'));
  return {
    locale,
    timeZone: serverEnv().ORDER_DESK_TIMEZONE,
    messages: (await import(`../messages/${locale}.json`)).default,
  };
});
