import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { SsoButton } from '@/components/auth/sso-button';
import { sessionUser } from '@/lib/auth/access';
import { OIDC_PROVIDER_ID } from '@/lib/auth/auth';
import { safeReturnTo } from '@/lib/auth/return-to';
import { serverEnv } from '@/lib/env/server';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: PageProps<'/login'>) {
  const returnTo = safeReturnTo((await searchParams).next);
  if (await sessionUser(await headers())) redirect(returnTo);
  const t = await getTranslations('auth');
  const env = serverEnv();
  const local = env.ORDER_DESK_LOCAL_SIGN_IN === '1';
  return (
    <div className="mx-auto max-w-sm space-y-6 pt-6 sm:pt-12">
      <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
      <div className="space-y-4 rounded-xl border border-border bg-surface p-5 shadow-sm">
        {env.ORDER_DESK_OIDC_ISSUER && <SsoButton label={t('sso', { name: env.ORDER_DESK_OIDC_NAME })} returnTo={returnTo} providerId={OIDC_PROVIDER_ID} />}
        {env.ORDER_DESK_OIDC_ISSUER && local && <p className="text-center text-sm text-muted">{t('or')}</p>}
        {local ? (
          <SignInForm
            returnTo={returnTo}
            labels={{ email: t('email'), password: t('password'), signIn: t('signIn'), signingIn: t('signingIn'), invalid: t('invalid'), failed: t('failed') }}
          />
        ) : (
          <p className="text-sm text-muted">{t('localOff')}</p>
        )}
      </div>
    </div>
  );
}
