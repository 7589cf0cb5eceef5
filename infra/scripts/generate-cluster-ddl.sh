#!/usr/bin/env sh
# Regenerates infra/clickhouse/cluster/generated.sql from schema/clickhouse/migrations.
# Run from anywhere after adding or changing a migration; commit the result.
# test/infra/compose.int.spec.ts and projections/src/cluster/cluster-ddl.unit.spec.ts fail while the
# committed file is stale. Nothing applies the file: the projector applies the same statements
# (migrate({ cluster }) with CLICKHOUSE_CLUSTER set); it is printed for review.
set -eu
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
npx --no-install tsx projections/src/cluster/print-cluster-ddl.ts --cluster redstream --database default \
  > infra/clickhouse/cluster/generated.sql.tmp
mv infra/clickhouse/cluster/generated.sql.tmp infra/clickhouse/cluster/generated.sql
echo "wrote infra/clickhouse/cluster/generated.sql"
