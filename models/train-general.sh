#!/usr/bin/env bash
# Trains the built-in general model exactly as shipped (see MODEL.md). About 45 minutes on 2 CPU cores.
# Usage: models/train-general.sh [OUTDIR]   (then copy OUTDIR/general.zip to src/main/resources/org/colorizer/models/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/general}"
mkdir -p "$out"
java -Xmx6g -jar ${COLORIZER_JAR:-target/colorizer.jar} train --data ../shared/data/train --out "$out/general.zip" \
  --size 128 --levels 7 --filters 32 --batch 8 --epochs 22 --pretrain-epochs 10 --gan-weight 0.15 \
  --real-label 0.9 --ema 0.999 --checkpoint-every 100 --half --name general --seed 1 "${@:2}"
