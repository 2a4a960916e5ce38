#!/usr/bin/env bash
# Benchmark 1: rating throughput and lag, with its baseline measured in the same run (bench/README.md).
# bench/rating.sh [EVENTS ACCOUNTS RATE SECONDS]   (default 20000 10000 1000 30; --smoke: 600 60 100 5)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --smoke ]; then set -- 600 60 100 5; fi
echo "== bench/rating: $(machine)"
bench_java -Xmx512m RatingThroughput "${1:-20000}" "${2:-10000}" "${3:-1000}" "${4:-30}"
