#!/usr/bin/env bash
# Trains the built-in H&E model exactly as shipped (see MODEL.md): crops at native scale (128-256 px of the
# 40x tiles seen at 128 px), so Colorize works in tiles of 192 px by default.
# Usage: MONUSEG_TRAIN=/path/to/tiles models/train-he.sh [OUTDIR]   (the 31 training tiles, MONUSEG_TRAIN in
# MODEL.md)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${MONUSEG_TRAIN:?set MONUSEG_TRAIN to the folder of the H&E training tiles (see MODEL.md)}"
out="${1:-runs/he}"
mkdir -p "$out"
java -Xmx6g -jar ${COLORIZER_JAR:-target/colorizer.jar} train --data "$data" --out "$out/he.zip" \
  --size 128 --levels 6 --filters 32 --batch 8 --epochs 16 --steps-per-epoch 40 --pretrain-epochs 6 \
  --crop pixels:1:2 --gan-weight 0.15 --real-label 0.9 --ema 0.99 --checkpoint-every 100 --half --name he --seed 1 "${@:2}"
# Hint-aware: from the shipped weights, hint inputs added at zero, L1-only fine-tuning with
# simulated hints (480 steps).
java -Xmx4g -jar ${COLORIZER_JAR:-target/colorizer.jar} train --data "$data" \
  --out "$out/he-hints.zip" --init he --hints --size 128 --batch 8 --epochs 12 --steps-per-epoch 40 \
  --pretrain-epochs 12 --lr 2e-4 --lr-decay-epochs 3 --ema 0.99 --checkpoint-every 100 --keep-epoch-models --half \
  --name he --seed 3
# The hint spreading after the network and the reach wide (docs/experiments/hint-spread-rule.md):
java -jar ${COLORIZER_JAR:-target/colorizer.jar} convert "$out/he-hints.zip" --out "$out/he-shipped.zip" --half \
  --name he --reach space=0.05,range=8,fade=1,shrink=1 \
  --reach-wide space=0.05,range=64,fade=16,shrink=0.1,chroma=2,likeness=14
