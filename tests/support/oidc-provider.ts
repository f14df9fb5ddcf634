import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (panva's oidc-provider) on loopback, for testing single sign-on
 * end to end. Its development login form accepts any user name; every account's email is
 * `${login}@sso.example.com`.
 */
export async function startOidcProvider(options: { port: number; redirectUri: string; clientId: string; clientSecret: string }) {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: `${id}@sso.example.com`, email_verified: true, name: `SSO ${id}` }),
    }),
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => false },
  });
  const server = provider.listen(options.port);
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
