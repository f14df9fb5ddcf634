import 'server-only';
import { getTranslations } from 'next-intl/server';
import { slots } from '@/lib/text/slots';

/** How long a new key may live, in days (none: never expires). */
export const KEY_LIFETIMES = [30, 90, 365] as const;

/**
 * The API keys page's words for its forms, formatted on the server and passed as props, so the
 * page's first JavaScript carries no i18n runtime. The new key's title keeps `{name}` as a slot
 * (lib/text/slots): the name is known once the key is made.
 */
export async function apiKeyLabels() {
  const t = await getTranslations('apiKeys');
  const tOrder = await getTranslations('order');
  return {
    form: {
      name: t('name'),
      namePlaceholder: t('namePlaceholder'),
      expiry: t('expiry'),
      never: t('never'),
      lifetimes: KEY_LIFETIMES.map((days) => ({ days, label: t('days', { count: days }) })),
      create: t('create'),
      creating: t('creating'),
      newKeyTitle: t('newKeyTitle', slots('name')),
      newKeyWarning: t('newKeyWarning'),
      copy: t('copy'),
      copyButton: { copy: tOrder('copy'), copied: tOrder('copied'), copyFailed: tOrder('copyFailed') },
      done: t('done'),
      network: t('network'),
    },
    revoke: { revoke: t('revoke'), confirm: t('confirm'), cancel: t('cancel'), network: t('network') },
  };
}

export type ApiKeyLabels = Awaited<ReturnType<typeof apiKeyLabels>>;
