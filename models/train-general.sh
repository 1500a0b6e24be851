#!/usr/bin/env bash
# Trains the built-in general model as shipped (see MODEL.md), about 130 minutes of compute on 2 CPU cores:
#  1. 10 epochs of L1-only pretraining (the run goes on with one GAN epoch; only its kept pretrain checkpoint
#     is used, so it may be stopped with Ctrl-C once "L1 pretraining done" is printed);
#  2. from that checkpoint, LSGAN with the adversarial term at 0.3 (discriminator lr 5e-5, EMA 0.995) to epoch 18;
#  3. the adversarial term raised to 0.6, to epoch 24;  4. raised to 1, to epoch 26;
#  5. the mean of the models of epochs 23 to 26;
#  6. a second branch from the same L1 checkpoint at 256 px: 2 more L1 epochs, vanilla GAN at 0.3 to epoch 14;
#  7. raised to 0.6, to epoch 21 (the shipped run switched by hand 140 steps into epoch 15, so a rerun is close,
#     not bit-identical);
#  8. the shipped weights: the mean of 256 px epoch 21 and step 5's model, in float16, colorizing whole images at
#     384 px on the long side (see MODEL.md).
# PHOTOS is the folder of training photos (PHOTOS in MODEL.md). Steps 1-14 ran when it held only bsds500, coco128
# and imagenet_samples (1,419 photos); to rerun them as they ran, give a folder with only those three. Step 15
# trains on fixed lists of the whole pool of seven folders.
# Usage: PHOTOS=/path/to/photos models/train-general.sh [OUTDIR]   (then copy OUTDIR/general.zip to
# src/main/resources/org/colorizer/models/)
set -euo pipefail
cd "$(dirname "$0")/.."
photos="${PHOTOS:?set PHOTOS to the folder of training photos (see MODEL.md)}"
out="${1:-runs/general}"
jar="${COLORIZER_JAR:-target/colorizer.jar}"
mkdir -p "$out"
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/pretrain.zip" \
  --size 128 --levels 7 --filters 32 --batch 8 --epochs 11 --pretrain-epochs 10 --gan-weight 0.15 \
  --real-label 0.9 --ema 0.999 --checkpoint-every 100 --half --name general --seed 1
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/gan.zip" \
  --resume "$out/pretrain.pretrain.checkpoint.zip" --epochs 18 --gan lsgan --gan-weight 0.3 --d-lr 5e-5 --ema 0.995 \
  --half --name general
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/gan.zip" \
  --resume "$out/gan.checkpoint.zip" --epochs 24 --gan-weight 0.6 --half --keep-epoch-models
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/gan.zip" \
  --resume "$out/gan.checkpoint.zip" --epochs 26 --gan-weight 1 --half --keep-epoch-models
java -jar "$jar" convert "$out"/gan-epoch2{3,4,5,6}.zip --out "$out/lsgan128-mean23-26.zip" --half --name general
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/gan256.zip" \
  --resume "$out/pretrain.pretrain.checkpoint.zip" --size 256 --pretrain-epochs 12 --epochs 14 --gan vanilla \
  --gan-weight 0.3 --d-lr 5e-5 --ema 0.995 --half --keep-epoch-models
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/gan256.zip" \
  --resume "$out/gan256.checkpoint.zip" --epochs 21 --gan-weight 0.6 --half --keep-epoch-models
java -jar "$jar" convert "$out/gan256-epoch21.zip" "$out/lsgan128-mean23-26.zip" --out "$out/general.zip" \
  --half --name general --working-size 384
# 9. (tried, NOT shipped: see docs/experiments/README.md) hint-aware: from the shipped weights, hint inputs added at zero,
#    L1-only fine-tuning with simulated hints at 128 px. The run was stopped after its first 442 steps and
#    resumed with a faster EMA and learning rate (the second command); it was later resumed once more with
#    --epochs 14 --lr-decay-epochs 3 and stopped after epoch 6 (2,010 steps); its epoch 5 is the rule's candidate.
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/general-hints.zip" --init general --hints \
  --size 128 --batch 8 --epochs 6 --pretrain-epochs 6 --lr 1e-4 --lr-decay-epochs 2 --ema 0.999 \
  --checkpoint-every 100 --keep-epoch-models --half --name general --seed 3 &
pid=$!; sleep 600; kill -TERM "$pid"; wait "$pid" || true
java -Xmx6g -jar "$jar" train --data "$photos" --out "$out/general-hints.zip" \
  --resume "$out/general-hints.checkpoint.zip" --epochs 6 --lr 2e-4 --lr-decay-epochs 2 --ema 0.99 --half \
  --keep-epoch-models
# 10. (tried, NOT shipped; see docs/experiments/hints-finetune-rule.md) hint-aware fine-tune at the 256 px branch's size and settings,
#     on the sets general was trained on plus sun_hays80 and urban100 (not the aerial views, nor imagenet_det200,
#     the unseen report set); each epoch model, and its mean with the shipped weights, is a candidate.
mkdir -p "$out/ft-data"
for d in bsds500 coco128 imagenet_samples sun_hays80 urban100; do ln -sfn "$(realpath "$photos/$d")" "$out/ft-data/$d"; done
java -Xmx6g -jar "$jar" train --data "$out/ft-data" --out "$out/gh256.zip" --init general --hints --size 256 \
  --batch 8 --gan vanilla --gan-weight 0.6 --d-lr 5e-5 --real-label 0.9 --ema 0.995 --lr 1e-4 --steps-per-epoch 150 \
  --epochs 14 --checkpoint-every 50 --keep-epoch-models --half --working-size 384 --name general --seed 8
# 11. (docs/experiments/hint-spread-rule.md) what ships: the network of step 8 with zero-weight hint inputs,
#     the hint spreading after it (the rule's clause 2), the reach wide (clause 5; BSDS500 test, 1/10/50 hints).
java -jar "$jar" convert "$out/general.zip" --out "$out/general-shipped.zip" --half --name general --add-hints \
  --reach space=0.1,range=64,fade=1,shrink=1 \
  --reach-wide space=0.1,range=64,fade=16,shrink=0.03,chroma=2,likeness=10
# 12. (an experiment, NOT shipped) the step-10 fine-tune with a discriminator warm-up: its first 150 steps
#     train the discriminator alone on the frozen generator's output; then 150 ordinary GAN steps.
java -Xmx6g -jar "$jar" train --data "$out/ft-data" --out "$out/gdw.zip" --init general --hints --size 256 --batch 8 \
  --gan vanilla --gan-weight 0.6 --d-lr 5e-5 --real-label 0.9 --ema 0.995 --lr 1e-4 --steps-per-epoch 150 --epochs 2 \
  --d-warmup-steps 150 --checkpoint-every 50 --keep-epoch-models --half --working-size 384 --name general --seed 9
# 13. (an experiment, NOT shipped) the step-10 fine-tune with the L1 weight at 10, one epoch of 150 steps.
java -Xmx6g -jar "$jar" train --data "$out/ft-data" --out "$out/gl1.zip" --init general --hints --size 256 --batch 8 \
  --gan vanilla --gan-weight 0.6 --lambda-l1 10 --d-lr 5e-5 --real-label 0.9 --ema 0.995 --lr 1e-4 \
  --steps-per-epoch 150 --epochs 1 --checkpoint-every 50 --half --working-size 384 --name general --seed 10
# 14. (an experiment, NOT shipped; docs/experiments/hints-finetune-rule.md, clause 2) step 10 with --keep-automatic: every crop is also shown
#     without hints and learns the starting model's own output there; 3 epochs of 100 steps.
java -Xmx6g -jar "$jar" train --data "$out/ft-data" --out "$out/gka.zip" --init general --hints --keep-automatic \
  --size 256 --batch 8 --gan vanilla --gan-weight 0.6 --d-lr 5e-5 --real-label 0.9 --ema 0.995 --lr 1e-4 \
  --steps-per-epoch 100 --epochs 3 --checkpoint-every 50 --keep-epoch-models --half --working-size 384 --name general \
  --seed 14
# 15. (tried, NOT shipped; docs/experiments/general-pool-rule.md) whole pool: fixed lists from `java models/GeneralPoolSplits.java
#     "$PHOTOS" models` (seed 2815): a report set never trained on or used to choose, a selection split
#     (also the run's validation folder) and 2,550 training photos. From step 8's weights, the 256 px vanilla-GAN
#     branch goes on over the pool in epochs of 100 steps, each epoch's EMA model kept.
for s in train val; do
  while read -r f; do
    mkdir -p "$out/pool-$s/$(dirname "$f")"; ln -sfn "$(realpath "$photos/$f")" "$out/pool-$s/$f"
  done < "models/general-pool-$s.txt"
done
java -Xmx6g -jar "$jar" train --data "$out/pool-train" --val "$out/pool-val" --out "$out/gp.zip" --init "$out/general.zip" \
  --size 256 --batch 8 --gan vanilla --gan-weight 0.6 --d-lr 5e-5 --real-label 0.9 --ema 0.995 --lr 1e-4 \
  --steps-per-epoch 100 --epochs 12 --checkpoint-every 50 --keep-epoch-models --half --working-size 384 --name general \
  --seed 2815
#     After epoch 1 (stopped at step 106 with Ctrl-C; the rule's second later clause) it went on with the L1 weight at 10:
java -Xmx6g -jar "$jar" train --data "$out/pool-train" --val "$out/pool-val" --out "$out/gp.zip" \
  --resume "$out/gp.checkpoint.zip" --lambda-l1 10 --half --keep-epoch-models
