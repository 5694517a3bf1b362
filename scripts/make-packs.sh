#!/usr/bin/env bash
# Builds the generated benchmark packs used to validate staleness prediction (issue 13) and label-free
# repair (issue 14) across models. Each pack is a different model (seed, depth, width, heads, probe layers,
# adapter rank/targets, corpus); none is committed, they live under $PACKS (default ../packs, beside the repository).
#
#   scripts/make-packs.sh            build every pack, one after another
#   scripts/make-packs.sh w11 d42    build only the named packs
#
# Needs Debian's python3-torch/numpy/sklearn/onnx (/usr/bin/python3). Checkpoints are cached by the generator
# per exact settings, so a rerun skips training. Wall time per pack is appended to $PACKS/build-times.tsv.
set -euo pipefail
set -f  # the pack arguments hold [ ] and { } literals: no globbing

REPO=$(cd "$(dirname "$0")/.." && pwd)
GEN=${GEN:-$REPO/../shared/realbench-gen/make_pack.py}
PACKS=${PACKS:-$REPO/../packs}
PY=${PY:-/usr/bin/python3}
mkdir -p "$PACKS"

declare -A ARGS NOTE
# Step budget: a pack costs about (base steps + 5 x fine-tune steps) x (cost per step, ~ layers x d^2), so the
# wider/deeper models train fewer steps to keep every pack within about an hour on 2 shared cores.
# strong probes (full 360-row probe training set)
NOTE[c21]="narrow model: 4 layers, d 96, probes L1/L3/L4, base 1200 steps, LoRA r4 (alpha 8) on all attention projections, shift corpus support+intake"
ARGS[c21]="--seed 21 --set model_letter='c' --set d_model=96 --set probe_layers=[1,3,4] --set last_layer=4 --set tok_layer=3 --base-steps 1200 --set lora_r=4 --set lora_alpha=8 --set lora_targets=['q_proj','k_proj','v_proj','out_proj'] --set shift_kinds=['support','intake']"
NOTE[e99]="shallow model: 3 layers, d 128, 8 heads, probes L1/L2/L3, base 1200 steps, LoRA r8 alpha 32 on q,out,fc2 at lr 4e-4, full FT lr 1e-4, 200 fine-tune steps, shift corpus faq+intake"
ARGS[e99]="--seed 99 --set model_letter='e' --set n_layers=3 --set n_heads=8 --set probe_layers=[1,2,3] --set last_layer=3 --set tok_layer=2 --base-steps 1200 --set lora_r=8 --set lora_alpha=32 --set lora_targets=['q_proj','out_proj','fc2'] --set lora_lr=4e-4 --set full_lr=1e-4 --set behavior_lr=1e-4 --ft-steps 200 --set shift_kinds=['faq','intake']"
NOTE[d42]="wide model: 4 layers, d 160, 5 heads, probes L1/L3/L4, base 1000 steps, LoRA r32 (alpha 32) on the MLP only, other corpus mix, 200 fine-tune steps"
ARGS[d42]="--seed 42 --set model_letter='d' --set d_model=160 --set n_heads=5 --set probe_layers=[1,3,4] --set last_layer=4 --set tok_layer=3 --base-steps 1000 --set lora_r=32 --set lora_alpha=32 --set lora_targets=['fc1','fc2'] --set mix={'pii':0.25,'refusal':0.15,'toxicity':0.2,'prose':0.28,'chat':0.12} --ft-steps 200"
NOTE[h7]="deep narrow model: 6 layers, d 96, probes L2/L4/L6, base 1200 steps, LoRA r16 on q,v,fc1, 200 fine-tune steps"
ARGS[h7]="--seed 7 --set model_letter='h' --set n_layers=6 --set d_model=96 --set probe_layers=[2,4,6] --set last_layer=6 --set tok_layer=4 --base-steps 1200 --set lora_r=16 --set lora_targets=['q_proj','v_proj','fc1'] --ft-steps 200"
NOTE[b7]="the generator README's other model: 6 layers, d 192, 6 heads, probes L2/L4/L6, LoRA r16 on q,v,fc1 (preset steps: base 1500, fine-tune 300)"
ARGS[b7]="--seed 7 --set model_letter='b' --set n_layers=6 --set d_model=192 --set n_heads=6 --set probe_layers=[2,4,6] --set last_layer=6 --set tok_layer=4 --set lora_r=16 --set lora_targets=['q_proj','v_proj','fc1']"
# weak probes on purpose: the generator has no probe-quality knob, so these use fewer probe training rows,
# a shorter base training run and (w11) a base corpus with fewer concept documents (weaker concept features)
NOTE[w11]="WEAK: 4 layers d 128, base 500 steps, 60 probe training rows, concept documents 3x rarer in the base corpus"
ARGS[w11]="--seed 11 --set model_letter='f' --base-steps 500 --set n_train=60 --set mix={'pii':0.07,'refusal':0.07,'toxicity':0.05,'prose':0.6,'chat':0.21}"
NOTE[w13]="WEAK: 5 layers d 112, probes L2/L3/L5, base 400 steps, 40 probe training rows, LoRA r8 on k,v,fc1, 200 fine-tune steps"
ARGS[w13]="--seed 13 --set model_letter='g' --set n_layers=5 --set d_model=112 --set probe_layers=[2,3,5] --set last_layer=5 --set tok_layer=3 --base-steps 400 --set n_train=40 --set lora_targets=['k_proj','v_proj','fc1'] --ft-steps 200"
NOTE[w5]="WEAK: 3 layers d 144, 4 heads, probes L1/L2/L3, base 600 steps, 50 probe training rows, LoRA r8 alpha 8 on v,out,fc2, shift corpus support+faq+intake"
ARGS[w5]="--seed 5 --set model_letter='i' --set n_layers=3 --set d_model=144 --set probe_layers=[1,2,3] --set last_layer=3 --set tok_layer=2 --base-steps 600 --set n_train=50 --set lora_alpha=8 --set lora_targets=['v_proj','out_proj','fc2'] --set shift_kinds=['support','faq','intake']"
# quick: a small model that builds in minutes, for a fourth held-out model when time is short
NOTE[q31]="small model: 3 layers, d 64, 4 heads, probes L1/L2/L3, base 800 steps, LoRA r4 alpha 8 on q,v,fc1, 150 fine-tune steps, shift corpus support+faq"
ARGS[q31]="--seed 31 --set model_letter='j' --set n_layers=3 --set d_model=64 --set n_heads=4 --set probe_layers=[1,2,3] --set last_layer=3 --set tok_layer=2 --base-steps 800 --set lora_r=4 --set lora_alpha=8 --set lora_targets=['q_proj','v_proj','fc1'] --ft-steps 150 --set shift_kinds=['support','faq']"
ORDER=(w11 w13 c21 e99 h7 d42 w5 b7 q31)

names=("$@")
[ ${#names[@]} -eq 0 ] && names=("${ORDER[@]}")
for name in "${names[@]}"; do
  [ -n "${ARGS[$name]+x}" ] || { echo "make-packs.sh: unknown pack '$name' (one of: ${ORDER[*]})" >&2; exit 2; }
  echo "== $name: ${NOTE[$name]}"
  start=$(date +%s)
  # shellcheck disable=SC2086  # ARGS is a word list on purpose
  nice -n 10 "$PY" "$GEN" --preset public ${ARGS[$name]} --out "$PACKS/$name" > "$PACKS/$name.log" 2>&1
  secs=$(( $(date +%s) - start ))
  printf '%s\t%s\t%s\n' "$name" "$secs" "$(date -u +%FT%TZ)" >> "$PACKS/build-times.tsv"
  echo "   built $PACKS/$name in ${secs}s"
  grep -E "base eval AUROC" "$PACKS/$name.log" | sed 's/^/   /'
done
