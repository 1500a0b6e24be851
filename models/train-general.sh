#!/usr/bin/env bash
# Trains the built-in general model as shipped (see MODEL.md), in two steps, about 35 minutes on 2 CPU cores:
#  1. 10 epochs of L1-only pretraining (the run goes on with a GAN phase; only its kept pretrain checkpoint is
#     used, so it may be stopped with Ctrl-C once "L1 pretraining done" is printed);
#  2. from that checkpoint, the GAN phase with the shipped settings, to the end of epoch 15.
# Usage: models/train-general.sh [OUTDIR]   (then copy OUTDIR/general.zip to src/main/resources/org/colorizer/models/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/general}"
jar="${COLORIZER_JAR:-target/colorizer.jar}"
mkdir -p "$out"
java -Xmx6g -jar "$jar" train --data ../shared/data/train --out "$out/pretrain.zip" \
  --size 128 --levels 7 --filters 32 --batch 8 --epochs 11 --pretrain-epochs 10 --gan-weight 0.15 \
  --real-label 0.9 --ema 0.999 --checkpoint-every 100 --half --name general --seed 1
java -Xmx6g -jar "$jar" train --data ../shared/data/train --out "$out/general.zip" \
  --resume "$out/pretrain.pretrain.checkpoint.zip" --epochs 15 --gan-weight 0.3 --d-lr 5e-5 --ema 0.995 --half --name general
