#!/usr/bin/env bash
# The README's first command: installs, builds and starts Order Desk on the embedded defaults
# (the WeChat simulator on loopback, demo data). PORT (default 3000) and SIM_PORT (default 4010).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! npm ci --no-audit --no-fund >/tmp/order-desk-npm-ci.log 2>&1; then
  echo "npm ci refused the lockfile (see /tmp/order-desk-npm-ci.log); npm install keeps the locked versions"
  npm install --no-audit --no-fund
fi
npm run build
exec npx tsx scripts/demo.ts
