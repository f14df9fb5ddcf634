import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { forbidden } from 'next/navigation';
import { RecordTable, type Column } from '@/components/ui/record-table';
import { requirePageUser } from '@/lib/auth/access';
import { can, roles } from '@/lib/api/roles';
import { listUsers, userChangeProblems, type UserChangeProblem } from '@/lib/auth/user-admin';
import { usersApiPath } from '@/lib/query/pages';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage({ searchParams }: PageProps<'/admin/users'>) {
  const me = await requirePageUser('/admin/users');
  if (!can(me.role, 'user.manage')) forbidden();
  const t = await getTranslations('users');
  const { saved, error } = await searchParams;
  // Only the product's own words: ?error= carries a key from a fixed list, never text to show.
  const problem = userChangeProblems.find((p): p is UserChangeProblem => p === error);
  const users = await listUsers();
  const input = 'rounded-md border border-border bg-surface px-2 py-1.5 text-sm text-fg';
  const button = 'rounded-md border border-border bg-surface px-3 py-1.5 text-sm text-fg hover:bg-surface-2';

  const columns: Column<(typeof users)[number]>[] = [
    { label: t('email'), cell: (u) => u.email },
    { label: t('name'), cell: (u) => u.name },
    {
      label: t('role'),
      cell: (u) => (
        <form method="post" action={usersApiPath} className="inline-flex items-center gap-2">
          <input type="hidden" name="intent" value="role" />
          <input type="hidden" name="userId" value={u.id} />
          <select name="role" defaultValue={u.role ?? 'support'} aria-label={`${t('role')} ${u.email}`} className={input}>
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
          <button type="submit" className={button}>
            {t('setRole')}
          </button>
        </form>
      ),
    },
    { label: t('status'), cell: (u) => (u.banned ? t('disabled') : t('active')) },
    {
      label: t('actions'),
      cell: (u) => (
        <div className="space-y-2">
          {u.id !== me.id && (
            <form method="post" action={usersApiPath}>
              <input type="hidden" name="intent" value={u.banned ? 'enable' : 'disable'} />
              <input type="hidden" name="userId" value={u.id} />
              <button type="submit" className={button}>
                {u.banned ? t('enable') : t('disable')}
              </button>
            </form>
          )}
          <form method="post" action={usersApiPath} className="flex flex-wrap items-center justify-end gap-2 md:justify-start">
            <input type="hidden" name="intent" value="password" />
            <input type="hidden" name="userId" value={u.id} />
            <input name="password" type="password" minLength={12} required autoComplete="new-password" aria-label={`${t('newPassword')} ${u.email}`} placeholder={t('newPassword')} className={input} />
            <button type="submit" className={button}>
              {t('resetPassword')}
            </button>
          </form>
        </div>
      ),
    },
  ];

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
      {saved && (
        <p role="status" className="text-ok">
          {t('saved')}
        </p>
      )}
      {problem && (
        <p role="alert" className="text-bad" data-testid="users-error">
          {t(`problem.${problem}`)}
        </p>
      )}
      <section aria-labelledby="create-heading" className="rounded-xl border border-border bg-surface p-4">
        <h2 id="create-heading" className="mb-3 font-semibold">
          {t('create')}
        </h2>
        <form method="post" action={usersApiPath} className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-5">
          <input type="hidden" name="intent" value="create" />
          <label className="space-y-1 text-xs text-muted">
            <span>{t('name')}</span>
            <input name="name" required className={`${input} w-full`} />
          </label>
          <label className="space-y-1 text-xs text-muted">
            <span>{t('email')}</span>
            <input name="email" type="email" required className={`${input} w-full`} />
          </label>
          <label className="space-y-1 text-xs text-muted">
            <span>{t('role')}</span>
            <select name="role" defaultValue="support" className={`${input} w-full`}>
              {roles.map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label className="space-y-1 text-xs text-muted">
            <span>{t('password')}</span>
            <input name="password" type="password" minLength={12} required autoComplete="new-password" className={`${input} w-full`} />
          </label>
          <div className="flex items-end">
            <button type="submit" className="rounded-md bg-accent px-4 py-1.5 text-sm font-medium text-accent-fg">
              {t('add')}
            </button>
          </div>
        </form>
      </section>
      <RecordTable rows={users} columns={columns} rowKey={(u) => u.id} caption={t('title')} testId="users-table" />
    </div>
  );
}
