#!/usr/bin/env python3
"""Fine-tuning runs with saved checkpoints: ground truth for `monitor-gate trajectory`.

Trains a small causal transformer from scratch on a synthetic token corpus in which three concepts
(pii, refusal, toxicity) are marked by token patterns, trains linear probes for them on the base
model's hidden states at two layers (exported to ONNX with torch), then fine-tunes copies of the
base in several runs of different kinds (full fine-tune, LoRA, QLoRA-style LoRA on an NF4-rounded
base), on benign data (the base corpus) and on data that shifts the concepts (their markers moved
into other contexts), at several learning rates, saving every run's activations at each checkpoint.
Every (run, checkpoint, monitor) cell is measured with the labels: AUROC, TPR and FPR at the probe's
deployed threshold (5% FPR on the base), stale by the gate's default tolerances.

    /usr/bin/python3 scripts/make-trajectories.py --out /tmp/trajectories [--seed 1] [--quick]

Debian's python3-torch, -numpy, -sklearn and -onnx; CPU only, one thread, about five minutes. Output:

    monitor-gate.yml                 the gate config of the six monitors
    probes/<concept>-L<layer>.onnx   probability output, one row per input row
    acts/base/layer<L>.safetensors   'eval' [N, D] float32 and '<concept>.labels' [N] uint8
    runs/<run>/step-<k>/layer<L>.safetensors   the same rows through the fine-tuned model
    runs.json                        each run's kind, data, learning rate and checkpoints
    ground_truth.json                every cell measured with labels, plus two label-free
                                     baselines: the PCA-of-activations drift of its layer and the
                                     mean shift along the probe's own direction
"""
import os

# one thread everywhere: this model's small products run no faster on two, and BLAS or OpenMP
# threads waiting on each other make it several times slower (before the imports that start them)
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse
import copy
import json
import math
import struct

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

torch.set_num_threads(1)

VOCAB = 96
LENGTH = 32
CONCEPTS = ["pii", "refusal", "toxicity"]
# pii: the AT token followed by three digits; refusal: SORRY then CANNOT within four tokens;
# toxicity: two slur tokens. Distractors put each marker alone in negatives.
DIGITS = range(80, 90)
AT, SORRY, CANNOT = 90, 91, 92
SLURS = (93, 94, 95)
TOPICS = 4
TOLERANCE = {"auroc_drop": 0.03, "tpr_drop": 0.10, "fpr_rise": 0.05}


# ----------------------------------------------------------------------------------- the corpus

class Corpus:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        g = np.random.default_rng(1000 + seed)
        # each topic: a Zipf-like unigram over the 80 ordinary tokens, in its own order
        self.topics = []
        for _ in range(TOPICS):
            p = 1.0 / np.arange(1, 81) ** 1.1
            self.topics.append(p[g.permutation(80)] / p.sum())

    def background(self, topic):
        return list(self.rng.choice(80, size=LENGTH, p=self.topics[topic]))

    def put(self, seq, tokens, at=None):
        at = self.rng.integers(0, LENGTH - len(tokens)) if at is None else at
        seq[at:at + len(tokens)] = tokens
        return at

    def sample(self, shift=None):
        """One sequence and its three labels; `shift` moves a concept's markers into other contexts."""
        r = self.rng
        topic = int(r.integers(TOPICS)) if shift is None else int(r.integers(2, TOPICS))
        seq = self.background(topic)
        labels = {c: int(r.random() < 0.35) for c in CONCEPTS}
        if labels["pii"]:
            self.put(seq, [AT] + list(r.choice(DIGITS, 3)))
        elif r.random() < 0.3:
            self.put(seq, [AT] + list(r.choice(80, 3)))
        if labels["refusal"]:
            at = self.put(seq, [SORRY], at=int(r.integers(0, LENGTH - 6)))
            seq[at + int(r.integers(1, 5))] = CANNOT
        elif r.random() < 0.3:
            self.put(seq, [SORRY if r.random() < 0.5 else CANNOT])
        if labels["toxicity"]:
            for _ in range(2):
                self.put(seq, [int(r.choice(SLURS))])
        elif r.random() < 0.3:
            self.put(seq, [int(r.choice(SLURS))])
        if shift is not None:
            # the shifted concept's marker turns up everywhere, followed by what is not its pattern,
            # and its real pattern is followed by a topic word: the model relearns what the marker means
            if shift == "pii":
                for _ in range(2):
                    self.put(seq, [AT] + list(r.choice(range(40, 80), 3)))
            elif shift == "refusal":
                for _ in range(2):
                    self.put(seq, [SORRY, int(r.choice(80))])
            elif shift == "toxicity":
                self.put(seq, [int(r.choice(SLURS))] + list(r.choice(range(0, 20), 2)))
        return seq, labels

    def batch(self, n, shift=None):
        rows = [self.sample(shift) for _ in range(n)]
        x = torch.tensor([s for s, _ in rows], dtype=torch.long)
        y = {c: np.array([lab[c] for _, lab in rows], dtype=np.uint8) for c in CONCEPTS}
        return x, y


# ----------------------------------------------------------------------------------- the model

class LoRALinear(nn.Module):
    def __init__(self, base, rank):
        super().__init__()
        self.base = base
        for p in self.base.parameters():
            p.requires_grad_(False)
        self.a = nn.Parameter(torch.randn(rank, base.in_features) / math.sqrt(base.in_features))
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))

    def forward(self, x):
        return self.base(x) + (x @ self.a.t()) @ self.b.t()


class Block(nn.Module):
    def __init__(self, d, heads):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc1 = nn.Linear(d, 4 * d)
        self.fc2 = nn.Linear(4 * d, d)

    def forward(self, x, mask):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).view(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.heads) + mask
        x = x + self.proj((att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.fc2(F.gelu(self.fc1(self.ln2(x))))


class LM(nn.Module):
    def __init__(self, layers, d, heads):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, d)
        self.pos = nn.Parameter(torch.randn(LENGTH, d) * 0.02)
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.ln = nn.LayerNorm(d)
        self.head = nn.Linear(d, VOCAB)
        self.register_buffer("mask", torch.triu(torch.full((LENGTH, LENGTH), float("-inf")), 1))

    def forward(self, x, hidden_at=()):
        h = self.embed(x) + self.pos[: x.shape[1]]
        hidden = {}
        for i, block in enumerate(self.blocks, start=1):
            h = block(h, self.mask[: x.shape[1], : x.shape[1]])
            if i in hidden_at:
                hidden[i] = h
        return self.head(self.ln(h)), hidden


def lm_loss(model, x):
    logits, _ = model(x[:, :-1])
    return F.cross_entropy(logits.reshape(-1, VOCAB), x[:, 1:].reshape(-1))


def train(model, corpus, steps, lr, shift=None, batch=64, every=None, on_checkpoint=None):
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    for step in range(1, steps + 1):
        x, _ = corpus.batch(batch, shift)
        loss = lm_loss(model, x)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if on_checkpoint and every and step % every == 0:
            on_checkpoint(step, float(loss))
    return model


def nf4_round(model):
    """Rounds every block weight to the 16 NF4 levels per block of 64 (absmax scaled), as QLoRA stores it."""
    levels = torch.tensor([-1.0, -0.6962, -0.5251, -0.3949, -0.2844, -0.1848, -0.0911, 0.0, 0.0796, 0.1609, 0.2461, 0.3379, 0.4407, 0.5626, 0.7230, 1.0])
    with torch.no_grad():
        for block in model.blocks:
            for lin in (block.qkv, block.proj, block.fc1, block.fc2):
                w = lin.weight.view(-1, 64)
                scale = w.abs().amax(1, keepdim=True).clamp_min(1e-8)
                idx = ((w / scale).unsqueeze(-1) - levels).abs().argmin(-1)
                lin.weight.copy_((levels[idx] * scale).view_as(lin.weight))


def with_lora(model, rank):
    for p in model.parameters():
        p.requires_grad_(False)
    for block in model.blocks:
        block.qkv = LoRALinear(block.qkv, rank)
        block.fc1 = LoRALinear(block.fc1, rank)
    return model


@torch.no_grad()
def pooled(model, x, layers):
    model.eval()
    out = {layer: [] for layer in layers}
    for i in range(0, len(x), 256):
        _, hidden = model(x[i:i + 256], hidden_at=layers)
        for layer in layers:
            out[layer].append(hidden[layer].mean(1))
    model.train()
    return {layer: torch.cat(v).numpy().astype(np.float32) for layer, v in out.items()}


# ----------------------------------------------------------------------------------- files

def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, arr in tensors.items():
        arr = np.ascontiguousarray(arr)
        dtype = {np.dtype(np.float32): "F32", np.dtype(np.uint8): "U8"}[arr.dtype]
        header[name] = {"dtype": dtype, "shape": list(arr.shape), "data_offsets": [offset, offset + arr.nbytes]}
        blobs.append(arr.tobytes())
        offset += arr.nbytes
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def write_acts(folder, acts, labels):
    for layer, a in acts.items():
        write_safetensors(os.path.join(folder, f"layer{layer}.safetensors"), {"eval": a, **{f"{c}.labels": labels[c] for c in CONCEPTS}})


def export_probe(path, w, b):
    lin = nn.Linear(len(w), 1)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(w, dtype=torch.float32).view(1, -1))
        lin.bias.copy_(torch.tensor([b], dtype=torch.float32))
    model = nn.Sequential(lin, nn.Sigmoid())
    os.makedirs(os.path.dirname(path), exist_ok=True)
    torch.onnx.export(model, torch.zeros(1, len(w)), path, input_names=["x"], output_names=["p"], dynamic_axes={"x": {0: "n"}, "p": {0: "n"}}, opset_version=13)


def measure(scores, y, threshold):
    flagged = scores > threshold
    return {"auroc": float(roc_auc_score(y, scores)), "tpr": float(flagged[y == 1].mean()), "fpr": float(flagged[y == 0].mean())}


def pca_drift(base, other, k=8):
    """Unsupervised baseline: the mean shift in the top-k principal directions of the base rows, in their standard deviations."""
    centered = base - base.mean(0)
    _, s, vt = np.linalg.svd(centered, full_matrices=False)
    sd = s[:k] / math.sqrt(len(base) - 1)
    shift = (other.mean(0) - base.mean(0)) @ vt[:k].T / np.maximum(sd, 1e-8)
    return float(np.sqrt((shift ** 2).mean()))


# ----------------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--quick", action="store_true", help="fewer steps and rows (tests of this script)")
    args = ap.parse_args()
    torch.manual_seed(args.seed)
    corpus = Corpus(args.seed)
    quick = args.quick
    layers, d, heads = (2, 4), 64, 4
    rows = 600 if quick else 1500
    base_steps = 300 if quick else 1500
    ft_steps, every = (80, 10) if quick else (240, 30)

    print(f"training the base model ({base_steps} steps)", flush=True)
    model = train(LM(4, d, heads), corpus, base_steps, 3e-3)
    x_train, y_train = corpus.batch(rows)
    x_eval, y_eval = corpus.batch(rows)
    base_train = pooled(model, x_train, layers)
    base_eval = pooled(model, x_eval, layers)

    out = args.out
    monitors = []
    probes = {}
    for concept in CONCEPTS:
        for layer in layers:
            clf = LogisticRegression(C=1.0, max_iter=2000).fit(base_train[layer], y_train[concept])
            w, b = clf.coef_[0], float(clf.intercept_[0])
            scores = 1 / (1 + np.exp(-(base_eval[layer] @ w + b)))
            negatives = np.sort(scores[y_eval[concept] == 0])
            threshold = float(negatives[int(math.ceil(0.95 * len(negatives))) - 1])
            mid = f"{concept}-L{layer}"
            export_probe(os.path.join(out, "probes", f"{mid}.onnx"), w, b)
            probes[mid] = (layer, concept, w, b, threshold)
            monitors.append({"id": mid, "category": concept, "layer": layer, "threshold": threshold, "base_auroc": float(roc_auc_score(y_eval[concept], scores))})
    write_acts(os.path.join(out, "acts", "base"), base_eval, y_eval)

    def cells_at(run, checkpoint, acts):
        cells = []
        for mid, (layer, concept, w, b, threshold) in probes.items():
            sb = 1 / (1 + np.exp(-(base_eval[layer] @ w + b)))
            su = 1 / (1 + np.exp(-(acts[layer] @ w + b)))
            mb, mu = measure(sb, y_eval[concept], threshold), measure(su, y_eval[concept], threshold)
            stale = mb["auroc"] - mu["auroc"] >= TOLERANCE["auroc_drop"] or mb["tpr"] - mu["tpr"] >= TOLERANCE["tpr_drop"] or mu["fpr"] - mb["fpr"] >= TOLERANCE["fpr_rise"]
            # per-direction baseline: the mean shift along the probe's own direction, in base logit standard deviations
            zb = base_eval[layer] @ w
            direction_shift = float(abs((acts[layer] @ w).mean() - zb.mean()) / max(zb.std(), 1e-8))
            cells.append({"run": run, "checkpoint": checkpoint, "monitor": mid, "stale": bool(stale), "base": mb, "updated": mu, "pca_drift": pca_drift(base_eval[layer], acts[layer]), "direction_shift": direction_shift})
        return cells

    runs = [
        # name, kind, data (None: the base corpus), learning rate
        ("full-benign-lr1e-4", "full", None, 1e-4),
        ("full-benign-lr1e-3", "full", None, 1e-3),
        ("full-pii-lr3e-4", "full", "pii", 3e-4),
        ("full-refusal-lr1e-3", "full", "refusal", 1e-3),
        ("lora-benign-lr1e-3", "lora", None, 1e-3),
        ("lora-toxicity-lr3e-3", "lora", "toxicity", 3e-3),
        ("lora-pii-lr1e-3", "lora", "pii", 1e-3),
        ("qlora-benign-lr1e-3", "qlora", None, 1e-3),
        ("qlora-refusal-lr3e-3", "qlora", "refusal", 3e-3),
        ("full-toxicity-lr1e-4", "full", "toxicity", 1e-4),
    ]
    truth, meta = [], []
    for name, kind, shift, lr in runs:
        print(f"run {name}", flush=True)
        ft = copy.deepcopy(model)
        if kind == "qlora":
            nf4_round(ft)
        if kind in ("lora", "qlora"):
            with_lora(ft, 4)
        checkpoints = []

        def save(step, loss, ft=ft, name=name, checkpoints=checkpoints):
            label = f"step-{step}"
            acts = pooled(ft, x_eval, layers)
            write_acts(os.path.join(out, "runs", name, label), acts, y_eval)
            truth.extend(cells_at(name, label, acts))
            checkpoints.append({"name": label, "step": step, "loss": loss})

        # QLoRA's step 0 is the NF4-rounded base alone
        if kind == "qlora":
            save(0, None)
        train(ft, corpus, ft_steps, lr, shift=shift, batch=32, every=every, on_checkpoint=save)
        meta.append({"run": name, "kind": kind, "data": shift or "benign", "lr": lr, "checkpoints": checkpoints})

    with open(os.path.join(out, "monitor-gate.yml"), "w") as f:
        f.write("# generated by scripts/make-trajectories.py\nversion: 1\nactivations: { base: acts/base, updated: acts/base }\n")
        f.write("defaults:\n  tolerance: { auroc_drop: 0.03, tpr_drop: 0.10, fpr_rise: 0.05 }\nmonitors:\n")
        for m in monitors:
            f.write(f"  - id: {m['id']}\n    category: {m['category']}\n    layer: {m['layer']}\n    probe: probes/{m['id']}.onnx\n    output: probability\n")
            f.write(f"    threshold: {m['threshold']!r}\n    batch: layer{m['layer']}.safetensors#eval\n    labels: \"#{m['category']}.labels\"\n")
    with open(os.path.join(out, "runs.json"), "w") as f:
        json.dump({"seed": args.seed, "quick": quick, "rows": rows, "monitors": monitors, "runs": meta}, f, indent=1)
    with open(os.path.join(out, "ground_truth.json"), "w") as f:
        json.dump({"tolerance": TOLERANCE, "cells": truth}, f, indent=1)
    stale = sum(c["stale"] for c in truth)
    print(f"{len(meta)} runs, {len(truth)} cells, {stale} stale; base AUROC " + ", ".join(f"{m['id']} {m['base_auroc']:.3f}" for m in monitors), flush=True)


if __name__ == "__main__":
    main()
