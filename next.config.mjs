import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin({
  requestConfig: './i18n/request.ts',
  // Compiles ICU messages at build time, so browsers do not download a message parser.
  experimental: { messages: { path: './messages', format: 'json', locales: 'infer', precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  serverExternalPackages: ['pino', '@electric-sql/pglite', 'pg', 'pg-boss', 'exceljs', 'rate-limiter-flexible', 'prom-client'],
  // forbidden() answers 403 with app/forbidden.tsx (support on the batch pages).
  experimental: { authInterrupts: true },
};

export default withNextIntl(nextConfig);
