#!/usr/bin/env bash
# The e2e suites once more on the oldest supported majors (NestJS 11, TypeORM 0.3, BullMQ 5), installed in this
# folder from its own lockfile. Arguments go to Jest. TEST_DATABASES defaults to sqlite here.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --ignore-scripts
cd ../..

# Type-checks the library and the sample app against those packages, and builds the sample app the tests
# start into test/compat/dist, where Node loads them.
rm -rf test/compat/dist
npx tsc -p test/compat/tsconfig.json
# The delivery dashboard's page, which the sample app serves, beside the library as in the package.
node scripts/build-dashboard.mjs
cp -r dist/dashboard test/compat/dist/dashboard

export TEST_SAMPLE_APP_DIST="$PWD/test/compat/dist"
export TEST_DATABASES="${TEST_DATABASES:-sqlite}"
npx jest -c test/compat/jest.config.js --runInBand \
  test/compat test/admin-api test/module test/pipeline test/sample-app test/redis-cluster "$@"
