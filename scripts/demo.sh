#!/usr/bin/env bash
# The README's first command: installs, builds and starts Order Desk on the embedded defaults
# (the WeChat simulator on loopback, demo data). PORT (default 3000) and SIM_PORT (default 4010).
set -euo pipefail
cd "$(dirname "$0")/.."
# The lock lists every platform's optional binaries: npm ci must accept it as it is.
npm ci --no-audit --no-fund
npm run build
exec npx tsx scripts/demo.ts
