#!/usr/bin/env bash
# Trains the built-in general model exactly as shipped (see MODEL.md). About 40 minutes on 2 CPU cores (the shipped model is the end of epoch 19 of a 22-epoch run with these settings; the epochs count changes nothing before it).
# Usage: models/train-general.sh [OUTDIR]   (then copy OUTDIR/general.zip to src/main/resources/org/colorizer/models/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/general}"
mkdir -p "$out"
java -Xmx6g -jar ${COLORIZER_JAR:-target/colorizer.jar} train --data ../shared/data/train --out "$out/general.zip" \
  --size 128 --levels 7 --filters 32 --batch 8 --epochs 19 --pretrain-epochs 10 --gan-weight 0.15 \
  --real-label 0.9 --ema 0.999 --checkpoint-every 100 --half --name general --seed 1 "${@:2}"
