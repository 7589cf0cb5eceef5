#!/usr/bin/env sh
# Regenerates infra/clickhouse/cluster/generated.sql from schema/clickhouse/migrations.
# Run from anywhere after adding or changing a migration; commit the result.
# test/infra/cluster-ddl.int.spec.ts fails while the committed file is stale.
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
npx --no-install tsx projections/src/cluster/print-cluster-ddl.ts --cluster redstream --database default \
  > infra/clickhouse/cluster/generated.sql.tmp
mv infra/clickhouse/cluster/generated.sql.tmp infra/clickhouse/cluster/generated.sql
echo "wrote infra/clickhouse/cluster/generated.sql"
