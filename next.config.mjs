/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Lint runs as its own step (npm run lint); the build only compiles.
  typedRoutes: false,
};

export default nextConfig;
