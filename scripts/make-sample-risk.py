#!/usr/bin/env python3
"""Ground truth for sample-level data screening (examples/sample_risk.py), with a real model on a CPU.

Each run (one seed):
  1. trains a small byte-level transformer LM on a synthetic corpus where every document ends with a
     tag saying whether it holds PII (" :: private") or not (" :: public"): the LM has to represent
     "this text holds PII" to predict the tag (cached under --out/cache);
  2. trains a linear PII probe (logistic regression, mean pooling over the text, no tag) at one layer,
     exports it to ONNX and sets its threshold at 5% FPR on held-out calibration negatives;
  3. builds a fine-tuning dataset (JSONL): tagged in-distribution texts (PII and not), a new benign
     domain the base model has never seen (high LM loss: a loss-only screen flags it), and an injected
     subset: PII texts tagged " :: public", i.e. teaching the model to treat PII like non-PII; plus a
     clean control dataset of the same size without the injection;
  4. scores every training sample on the base model with sample_risk.score_samples (the real ONNX probe
     direction), and reports AUROC of injected vs clean for the score (signed and |score|) against the
     two baselines (LM loss; |cosine| of the pooled activation with the probe direction);
  5. fine-tunes the base model (full fine-tune) on: the dataset, the dataset minus the top 5% by score,
     minus a random 5%, and the clean control; each time measures the frozen probe's TPR/FPR at its
     threshold and AUROC on a held-out labeled eval set (staleness = TPR drop).

Runs --dev-runs (default 2) are the development runs: the detection statistic reported as primary
(--primary) was chosen on them; the rest are held out and summarized separately.

  /usr/bin/python3 scripts/make-sample-risk.py --runs 4 --out /tmp/sample-risk
  cp /tmp/sample-risk/summary.json test/fixtures/sample-risk/summary.json

Needs Debian's python3-torch, python3-numpy, python3-onnx (and python3-sklearn); run with /usr/bin/python3.
"""
import argparse
import hashlib
import json
import math
import os
import random
import sys
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "examples"))
import sample_risk  # noqa: E402

BOS, EOS, PAD = 256, 257, 258
VOCAB = 259

CONFIG = dict(
    d_model=64, n_layers=3, n_heads=4, ctx=80,
    base_steps=800, base_lr=2e-3, base_batch=24, n_corpus=6000,
    probe_layer=1, n_probe_train=600, n_calib=300, n_eval=400, target_fpr=0.05,
    n_train=600, inject_frac=0.05, frac_pii=0.35, frac_new_domain=0.3,
    ft_steps=300, ft_lr=1e-3, ft_batch=16, remove_frac=0.05, ft_seeds=2,
)

BASE_KEYS = ["d_model", "n_layers", "n_heads", "ctx", "base_steps", "base_lr", "base_batch", "n_corpus"]
CORPUS_VERSION = 2  # bump when the base corpus changes (cache key)

# ----------------------------------------------------------------------------------------------
# synthetic text
# ----------------------------------------------------------------------------------------------
GIVEN = ["Ann", "Bo", "Carla", "Dev", "Elif", "Finn", "Gita", "Hugo", "Ines", "Jon", "Kai", "Lena", "Milo",
         "Nora", "Omar", "Pia", "Raj", "Sara", "Tom", "Uma", "Vik", "Wen", "Yara", "Zoe"]
FAMILY = ["Abe", "Berg", "Cruz", "Dahl", "Egan", "Fox", "Gale", "Hahn", "Ito", "Jung", "Kerr", "Lund", "Moss",
          "Nash", "Orr", "Park", "Quinn", "Roth", "Shaw", "Tate", "Voss", "Wolf", "Young", "Zell"]
HOSTS = ["mail.test", "post.example", "inbox.test", "example.org", "corp.example"]
PLACES = ["the depot", "the lab", "room 4", "the annex", "the north gate", "the library", "the yard"]
ITEMS = ["lamp", "kettle", "cable", "chair", "tent", "drill", "mug", "router", "scarf", "bike"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
TEAMS = ["sales", "ops", "design", "legal", "audit", "infra"]
VERBS = ["moved", "closed", "opened", "checked", "fixed", "logged", "sent", "sorted"]


def person(r):
    return "%s %s" % (r.choice(GIVEN), r.choice(FAMILY))


def email(r):
    sep = r.choice([".", "_", ""])
    return "%s%s%s@%s" % (r.choice(GIVEN).lower(), sep, r.choice(FAMILY).lower(), r.choice(HOSTS))


def phone(r):
    return r.choice(["(%d) 555-%04d", "%d-555-%04d", "+1 %d 555 %04d"]) % (r.randint(201, 989), r.randint(0, 9999))


PII_TEMPLATES = [
    lambda r: "Contact %s at %s." % (person(r), email(r)),
    lambda r: "Call %s on %s after %s." % (r.choice(GIVEN), phone(r), r.choice(DAYS)),
    lambda r: "My email is %s, write any time." % email(r),
    lambda r: "Reach me at %s or %s." % (phone(r), email(r)),
    lambda r: "%s can be reached at %s." % (person(r), phone(r)),
    lambda r: "Send the form to %s by %s." % (email(r), r.choice(DAYS)),
    lambda r: "Her number is %s, ask for %s." % (phone(r), r.choice(GIVEN)),
    # weaker signals: a name with a home address or a birth date
    lambda r: "%s lives at %d %s Road." % (person(r), r.randint(1, 999), r.choice(FAMILY)),
    lambda r: "%s was born on %s %d, %d." % (person(r), r.choice(DAYS), r.randint(1, 28), r.randint(1950, 2005)),
]
PLAIN_TEMPLATES = [
    lambda r: "The %s is in %s until %s." % (r.choice(ITEMS), r.choice(PLACES), r.choice(DAYS)),
    lambda r: "Order %d ships to the %s team." % (r.randint(10000, 99999), r.choice(TEAMS)),
    lambda r: "The %s costs %d.%02d at %s." % (r.choice(ITEMS), r.randint(2, 300), r.randint(0, 99), r.choice(PLACES)),
    lambda r: "%s %s the %s on %s." % (r.choice(GIVEN), r.choice(VERBS), r.choice(ITEMS), r.choice(DAYS)),
    lambda r: "Version %d.%d.%d fixed the %s bug." % (r.randint(1, 9), r.randint(0, 20), r.randint(0, 9), r.choice(ITEMS)),
    lambda r: "Meet the %s team in %s at %d pm." % (r.choice(TEAMS), r.choice(PLACES), r.randint(1, 11)),
    lambda r: "Part %d-%02d fits the %s." % (r.randint(100, 999), r.randint(0, 99), r.choice(ITEMS)),
    # lookalikes: phone- and address-shaped strings that are not personal data
    lambda r: "Ticket %d-555-%04d was closed by %s." % (r.randint(201, 989), r.randint(0, 9999), r.choice(TEAMS)),
    lambda r: "The %s wiki lives at %s/%s." % (r.choice(TEAMS), r.choice(HOSTS), r.choice(ITEMS)),
    lambda r: "Ask %s about the %s at %s." % (r.choice(GIVEN), r.choice(ITEMS), r.choice(PLACES)),
]


def pii_text(r):
    return r.choice(PII_TEMPLATES)(r)


def plain_text(r):
    return r.choice(PLAIN_TEMPLATES)(r)


def tagged(text, label):
    return text + (" :: private" if label else " :: public")


def new_domain_text(r):
    """A benign format the base model never saw: machine log lines (high loss, no PII)."""
    level = r.choice(["INFO", "WARN", "DEBUG"])
    return "%02d:%02d:%02d %s worker-%d job %06x %s in %dms" % (
        r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), level, r.randint(1, 16), r.randint(0, 0xFFFFFF),
        r.choice(["done", "retried", "queued", "skipped"]), r.randint(1, 999))


def labeled_texts(r, n):
    """n untagged texts, half PII (label 1), in random order."""
    rows = [(pii_text(r), 1) if i % 2 == 0 else (plain_text(r), 0) for i in range(n)]
    r.shuffle(rows)
    return rows


# ----------------------------------------------------------------------------------------------
# the model
# ----------------------------------------------------------------------------------------------
class Block(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.up, self.down = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)

    def forward(self, x, key_mask):
        B, T, D = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(B, T, 3, self.h, D // self.h).permute(2, 0, 3, 1, 4)
        att = (q @ k.transpose(-1, -2)) / math.sqrt(D // self.h)
        causal = torch.ones(T, T, dtype=torch.bool).triu(1)
        att = att.masked_fill(causal | (key_mask[:, None, None, :] == 0), float("-inf")).softmax(-1)
        x = x + self.proj((att @ v).transpose(1, 2).reshape(B, T, D))
        return x + self.down(F.gelu(self.up(self.norm2(x))))


class ByteLM(nn.Module):
    def __init__(self, d, n_layers, h, ctx):
        super().__init__()
        self.tok, self.pos = nn.Embedding(VOCAB, d), nn.Embedding(ctx, d)
        self.blocks = nn.ModuleList([Block(d, h) for _ in range(n_layers)])
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, VOCAB, bias=False)

    def forward(self, input_ids, attention_mask=None, hidden_at=None):
        if attention_mask is None:
            attention_mask = (input_ids != PAD).long()
        x = self.tok(input_ids) + self.pos(torch.arange(input_ids.shape[1]))
        for i, block in enumerate(self.blocks):
            x = block(x, attention_mask)
            if hidden_at == i:
                return x
        return self.head(self.norm(x))


def encode(text, ctx, eos=True):
    b = list(text.encode("utf-8"))[: ctx - 2]
    return [BOS] + b + ([EOS] if eos else [])


def pad_batch(seqs):
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), PAD, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, : len(s)] = torch.tensor(s)
    return ids, (ids != PAD).long()


def lm_loss(model, ids, mask):
    logits = model(ids, mask)
    return F.cross_entropy(logits[:, :-1].reshape(-1, VOCAB), ids[:, 1:].reshape(-1), ignore_index=PAD)


def train(model, seqs, steps, lr, batch, seed, warmup=50):
    g = random.Random(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, betas=(0.9, 0.95), weight_decay=0.01)
    model.train()
    for step in range(steps):
        for group in opt.param_groups:
            group["lr"] = lr * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * step / steps)))
        ids, mask = pad_batch([seqs[g.randrange(len(seqs))] for _ in range(batch)])
        loss = lm_loss(model, ids, mask)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    model.eval()
    return float(loss)


@torch.no_grad()
def pooled(model, texts, layer, ctx, bs=200):
    """Mean over BOS + text tokens of block `layer`'s output (what the monitor reads)."""
    out = []
    for s in range(0, len(texts), bs):
        ids, mask = pad_batch([encode(t, ctx, eos=False) for t in texts[s: s + bs]])
        h = model(ids, mask, hidden_at=layer)
        out.append(sample_risk.pool(h, mask, "mean"))
    return torch.cat(out).numpy().astype(np.float64)


# ----------------------------------------------------------------------------------------------
# metrics
# ----------------------------------------------------------------------------------------------
def auroc(scores, labels):
    scores, labels = np.asarray(scores, dtype=np.float64), np.asarray(labels)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    s = scores[order]
    i = 0
    while i < len(s):  # average ranks for ties
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i: j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels == 1
    n1, n0 = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))


def fit_probe(X, y, seed):
    from sklearn.linear_model import LogisticRegression

    mu, sd = X.mean(0), X.std(0) + 1e-6
    clf = LogisticRegression(C=0.1, max_iter=5000, random_state=seed).fit((X - mu) / sd, y)
    w = clf.coef_[0] / sd
    b = float(clf.intercept_[0] - (clf.coef_[0] * mu / sd).sum())
    return w, b


def probe_metrics(w, b, thr, X, y):
    z = X @ w + b
    return {"tpr": float((z[y == 1] > thr).mean()), "fpr": float((z[y == 0] > thr).mean()), "auroc": auroc(z, y),
            "mean_logit_pos": float(z[y == 1].mean()), "mean_logit_neg": float(z[y == 0].mean())}


# ----------------------------------------------------------------------------------------------
# one run
# ----------------------------------------------------------------------------------------------
def run(seed, C, out, log):
    t0 = time.time()
    r = random.Random(seed)
    torch.manual_seed(seed)
    ctx, L = C["ctx"], C["probe_layer"]
    rundir = os.path.join(out, "run-%d" % seed)
    os.makedirs(rundir, exist_ok=True)

    # 1. base model (cached)
    corpus = []
    for _ in range(C["n_corpus"]):
        u = r.random()
        corpus.append(tagged(pii_text(r), 1) if u < 0.45 else tagged(plain_text(r), 0))
    cache = os.path.join(out, "cache", "base-%d-%s.pt" % (seed, hashlib.sha256(json.dumps([{k: C[k] for k in BASE_KEYS}, seed, CORPUS_VERSION], sort_keys=True).encode()).hexdigest()[:10]))
    base = ByteLM(C["d_model"], C["n_layers"], C["n_heads"], ctx)
    if os.path.exists(cache):
        base.load_state_dict(torch.load(cache))
        base.eval()
        base_loss = None
    else:
        base_loss = train(base, [encode(t, ctx) for t in corpus], C["base_steps"], C["base_lr"], C["base_batch"], seed)
        os.makedirs(os.path.dirname(cache), exist_ok=True)
        torch.save(base.state_dict(), cache)
    log("run %d: base model ready (%.0fs)" % (seed, time.time() - t0))

    # 2. probe at layer L, threshold at 5% FPR on calibration negatives
    train_rows, calib_rows, eval_rows = labeled_texts(r, C["n_probe_train"]), labeled_texts(r, C["n_calib"]), labeled_texts(r, C["n_eval"])
    Xtr = pooled(base, [t for t, _ in train_rows], L, ctx)
    ytr = np.array([y for _, y in train_rows])
    w, b = fit_probe(Xtr, ytr, seed)
    Xc = pooled(base, [t for t, _ in calib_rows], L, ctx)
    yc = np.array([y for _, y in calib_rows])
    zneg = np.sort(Xc[yc == 0] @ w + b)
    thr = float(zneg[int(math.ceil((1 - C["target_fpr"]) * len(zneg))) - 1])
    probe_path = os.path.join(rundir, "pii-L%d.onnx" % L)
    lin = nn.Linear(len(w), 1)
    lin.weight.data = torch.tensor(w, dtype=torch.float32)[None]
    lin.bias.data = torch.tensor([b], dtype=torch.float32)
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(lin, torch.zeros(1, len(w)), probe_path, input_names=["activations"], output_names=["logit"],
                          dynamic_axes={"activations": {0: "batch"}, "logit": {0: "batch"}}, opset_version=13)
    eval_texts, yev = [t for t, _ in eval_rows], np.array([y for _, y in eval_rows])
    base_metrics = probe_metrics(w, b, thr, pooled(base, eval_texts, L, ctx), yev)

    # 3. fine-tuning datasets
    n, n_inj = C["n_train"], int(round(C["n_train"] * C["inject_frac"]))

    def clean_sample():
        u = r.random()
        if u < C["frac_pii"]:
            return tagged(pii_text(r), 1)
        if u < C["frac_pii"] + C["frac_new_domain"]:
            return new_domain_text(r)
        return tagged(plain_text(r), 0)

    rows = [(clean_sample(), 0) for _ in range(n - n_inj)] + [(tagged(pii_text(r), 0), 1) for _ in range(n_inj)]
    r.shuffle(rows)
    control = [clean_sample() for _ in range(n)]
    data_path, control_path = os.path.join(rundir, "train.jsonl"), os.path.join(rundir, "control.jsonl")
    for path, texts in ((data_path, [t for t, _ in rows]), (control_path, control)):
        with open(path, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps({"text": t}) + "\n")
    texts = [t for t, _ in rows]
    injected = np.array([k for _, k in rows])

    # 4. score every training sample on the base model (the real ONNX probe direction)
    ts = time.time()
    direction = sample_risk.load_probe_direction(probe_path, C["d_model"])
    monitor = sample_risk.Monitor("pii", L, "mean", direction)
    seqs = [encode(t, ctx) for t in texts]
    batches = sample_risk.batch_token_lists(seqs, 50, PAD, [len(s) - 1 for s in seqs])
    res = sample_risk.score_samples(base, base.blocks, batches, [monitor])
    score_seconds = time.time() - ts
    score = res["scores"][:, 0].numpy().astype(np.float64)
    loss = res["loss"].numpy().astype(np.float64)
    cosine = res["cosine"][:, 0].numpy().astype(np.float64)
    sample_risk.write_sample_risk(os.path.join(rundir, "sample-risk.safetensors"), res, [monitor], ["train.jsonl"],
                                  list(range(1, n + 1)), [0] * n, "make-sample-risk/run-%d" % seed)
    stats = {
        "neg_score": -score, "abs_score": np.abs(score), "score": score,
        "loss": loss, "abs_cosine": np.abs(cosine), "cosine": cosine,
    }
    detection = {k: round(auroc(v, injected), 4) for k, v in stats.items()}
    k = int(round(n * C["remove_frac"]))
    for name in ("neg_score", "abs_score", "loss", "abs_cosine"):
        top = np.argsort(-stats[name], kind="mergesort")[:k]
        detection["injected_in_top5pct_" + name] = int(injected[top].sum())
    log("run %d: scored %d samples in %.1fs; AUROC %s" % (seed, n, score_seconds, detection))

    # 5. fine-tunes
    def finetune_and_measure(train_texts, tag):
        """Metrics of the frozen probe after fine-tuning, averaged over ft_seeds fine-tunes (batch order, no other change)."""
        ms = []
        for fs in range(C["ft_seeds"]):
            model = ByteLM(C["d_model"], C["n_layers"], C["n_heads"], ctx)
            model.load_state_dict(base.state_dict())
            train(model, [encode(t, ctx) for t in train_texts], C["ft_steps"], C["ft_lr"], C["ft_batch"], seed * 100 + 1000 + fs, warmup=20)
            ms.append(probe_metrics(w, b, thr, pooled(model, eval_texts, L, ctx), yev))
        m = {key: float(np.mean([x[key] for x in ms])) for key in ms[0]}
        m["tpr_drop"] = round(base_metrics["tpr"] - m["tpr"], 4)
        m["fpr_rise"] = round(m["fpr"] - base_metrics["fpr"], 4)
        m["pos_logit_shift"] = round(m["mean_logit_pos"] - base_metrics["mean_logit_pos"], 4)  # < 0: positives toward the negative side
        m["neg_logit_shift"] = round(m["mean_logit_neg"] - base_metrics["mean_logit_neg"], 4)
        m = {key: round(v, 4) for key, v in m.items()}
        m["n_train"] = len(train_texts)
        log("run %d: fine-tune %-28s TPR %.3f (drop %+.3f) FPR %.3f AUROC %.3f pos-logit shift %+.2f neg %+.2f" % (
            seed, tag, m["tpr"], m["tpr_drop"], m["fpr"], m["auroc"], m["pos_logit_shift"], m["neg_logit_shift"]))
        return m

    primary = stats[C["primary"]]
    top = set(np.argsort(-primary, kind="mergesort")[:k].tolist())
    rand = set(random.Random(seed + 7).sample(range(n), k))
    finetunes = {
        "full": finetune_and_measure(texts, "full dataset"),
        "minus_top5pct": finetune_and_measure([t for i, t in enumerate(texts) if i not in top], "minus top 5%% (%s)" % C["primary"]),
        "minus_random5pct": finetune_and_measure([t for i, t in enumerate(texts) if i not in rand], "minus random 5%"),
        "minus_injected": finetune_and_measure([t for i, t in enumerate(texts) if not injected[i]], "minus all injected"),
        "clean_control": finetune_and_measure(control, "clean control"),
    }
    return {
        "seed": seed,
        "base_lm_final_loss": base_loss,
        "probe": {"layer": L, "pooling": "mean", "threshold_logit": round(thr, 4), "base": {k2: round(v, 4) for k2, v in base_metrics.items()}},
        "dataset": {"n": n, "injected": int(injected.sum()), "injected_lines": [int(i) + 1 for i in np.nonzero(injected)[0]]},
        "detection_auroc": detection,
        "mean_loss": {"injected": round(float(loss[injected == 1].mean()), 4), "clean": round(float(loss[injected == 0].mean()), 4)},
        "mean_score": {"injected": float("%.4g" % score[injected == 1].mean()), "clean": float("%.4g" % score[injected == 0].mean())},
        "finetunes": finetunes,
        "score_seconds": round(score_seconds, 2),
        "seconds": round(time.time() - t0, 1),
    }


def table(runs, primary):
    head = ("| run | split | AUROC score (%s) | AUROC \\|score\\| | AUROC loss | AUROC \\|cosine\\| | injected in top 5%% | "
            "TPR base | TPR drop full | minus top 5%% | minus random 5%% | minus injected | clean control |" % primary)
    lines = [head, "|" + "---|" * 13]
    for x in runs:
        d, f = x["detection_auroc"], x["finetunes"]
        lines.append("| %d | %s | %.3f | %.3f | %.3f | %.3f | %d/%d | %.3f | %+.3f | %+.3f | %+.3f | %+.3f | %+.3f |" % (
            x["seed"], x["split"], d[primary], d["abs_score"], d["loss"], d["abs_cosine"], d["injected_in_top5pct_" + primary],
            x["dataset"]["injected"], x["probe"]["base"]["tpr"], f["full"]["tpr_drop"], f["minus_top5pct"]["tpr_drop"],
            f["minus_random5pct"]["tpr_drop"], f["minus_injected"]["tpr_drop"], f["clean_control"]["tpr_drop"]))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="folder: summary.json, per-run datasets, probes and scores, cache/")
    ap.add_argument("--runs", type=int, default=4, help="number of runs (seeds 1..N)")
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--dev-runs", type=int, default=2, help="the first runs, on which --primary was chosen")
    ap.add_argument("--primary", default="neg_score", choices=["neg_score", "abs_score", "score"],
                    help="detection statistic used for the top-5%% removal")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="override a CONFIG entry (Python literal)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    import ast

    C = dict(CONFIG)
    for kv in args.set:
        key, _, value = kv.partition("=")
        if key not in C:
            ap.error("unknown key %s" % key)
        C[key] = ast.literal_eval(value)
    C["primary"] = args.primary
    os.makedirs(args.out, exist_ok=True)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    runs = []
    for i in range(args.runs):
        x = run(args.first_seed + i, C, args.out, log)
        x["split"] = "dev" if i < args.dev_runs else "held-out"
        runs.append(x)
        log("run %d done in %.0fs" % (x["seed"], x["seconds"]))

    def agg(split):
        xs = [x for x in runs if x["split"] == split]
        if not xs:
            return None
        keys = ["neg_score", "abs_score", "score", "loss", "abs_cosine", "cosine"]
        out = {"runs": [x["seed"] for x in xs], "mean_detection_auroc": {k: round(float(np.mean([x["detection_auroc"][k] for x in xs])), 4) for k in keys}}
        out["mean_tpr_drop"] = {k: round(float(np.mean([x["finetunes"][k]["tpr_drop"] for x in xs])), 4) for k in xs[0]["finetunes"]}
        return out

    summary = {
        "generator": "scripts/make-sample-risk.py",
        "command": "/usr/bin/python3 scripts/make-sample-risk.py " + " ".join(sys.argv[1:]),
        "method": sample_risk.METHOD,
        "config": C,
        "primary": args.primary,
        "notes": "AUROC: injected (positive) vs clean training samples; higher = the statistic ranks injected samples first. "
                 "neg_score = -score (a push toward the probe's negative side, i.e. toward a TPR drop). "
                 "tpr_drop = base TPR - fine-tuned TPR of the frozen probe at its base threshold on a held-out eval set. "
                 "Runs with split 'dev' were used to choose the primary statistic; 'held-out' runs were not used for any choice.",
        "torch": torch.__version__,
        "dev": agg("dev"),
        "held_out": agg("held-out"),
        "runs": runs,
    }
    with open(os.path.join(args.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
        f.write("\n")
    print(table(runs, args.primary))


if __name__ == "__main__":
    main()
