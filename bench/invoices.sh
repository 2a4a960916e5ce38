#!/usr/bin/env bash
# Benchmark 3: billing-service's monthly invoice run, with its SQL baseline measured in the same run (bench/README.md).
# bench/invoices.sh [ACCOUNTS]   (default 50000; --smoke: 200)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --smoke ]; then set -- 200; fi
echo "== bench/invoices: $(machine)"
bench_java -Xmx256m InvoiceRunThroughput "${1:-50000}"
