"""Reading realbench-style packs for the research references (issues 13 and 14).

A pack (see ../shared/realbench/README.md) has manifest.json, ground_truth.json, probes/*.onnx and
activations/<variant>/L<k>_<pooling>.safetensors. This module reads them with numpy only:
  - safetensors by hand (8-byte header length, JSON header, raw little-endian data),
  - ONNX probes through a tiny numpy interpreter of the few ops torch exports for these heads, plus a
    structural view (first Gemm = W1, b1; the rest) used for logits and probe-space realignment.

Everything works on the probe's LOGIT scale: a probability output p is read as logit(p), a deployed
threshold on the probability scale is mapped through logit. Decisions are `score > threshold` on either
scale (logit is monotone), so TPR/FPR agree with the pack's ground truth.

Run with Debian's /usr/bin/python3 (numpy, onnx).
"""
from __future__ import annotations

import json
import math
import os
import struct
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import onnx
from onnx import numpy_helper

STALE_TOL = {"auroc_drop": 0.03, "tpr_drop": 0.10, "fpr_rise": 0.05}


# ---------------------------------------------------------------------------------------------- safetensors
_ST = {"F16": np.float16, "F32": np.float32, "F64": np.float64, "U8": np.uint8, "I64": np.int64, "BF16": None}


def read_safetensors(path: str) -> dict[str, np.ndarray]:
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8: 8 + n])
    base = 8 + n
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dt = _ST[info["dtype"]]
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(data[base + a: base + b], dtype=np.dtype(dt).newbyteorder("<")).reshape(info["shape"])
    return out


# ---------------------------------------------------------------------------------------------- onnx
def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def run_onnx(model: onnx.ModelProto, x: np.ndarray) -> np.ndarray:
    """Evaluates the probe graph in float64 numpy (ops: Gemm MatMul Add Sub Mul Div Relu Sigmoid Tanh
    Softmax Concat Squeeze Unsqueeze Shape ConstantOfShape Constant Identity Flatten Reshape)."""
    env = {i.name: numpy_helper.to_array(i).astype(np.float64) if numpy_helper.to_array(i).dtype.kind == "f"
           else numpy_helper.to_array(i) for i in model.graph.initializer}
    env[model.graph.input[0].name] = np.asarray(x, dtype=np.float64)
    for node in model.graph.node:
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Gemm":
            A, B = ins[0], ins[1]
            if _attr(node, "transA", 0):
                A = A.T
            if _attr(node, "transB", 0):
                B = B.T
            y = _attr(node, "alpha", 1.0) * (A @ B)
            if len(ins) > 2 and ins[2] is not None:
                y = y + _attr(node, "beta", 1.0) * ins[2]
        elif op == "MatMul":
            y = ins[0] @ ins[1]
        elif op in ("Add", "Sub", "Mul", "Div"):
            y = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide}[op](ins[0], ins[1])
        elif op == "Relu":
            y = np.maximum(ins[0], 0)
        elif op == "Sigmoid":
            y = 1.0 / (1.0 + np.exp(-ins[0]))
        elif op == "Tanh":
            y = np.tanh(ins[0])
        elif op == "Softmax":
            ax = _attr(node, "axis", -1)
            e = np.exp(ins[0] - ins[0].max(axis=ax, keepdims=True))
            y = e / e.sum(axis=ax, keepdims=True)
        elif op == "Concat":
            y = np.concatenate(ins, axis=_attr(node, "axis"))
        elif op == "Squeeze":
            axes = ins[1] if len(ins) > 1 and ins[1] is not None else _attr(node, "axes")
            y = np.squeeze(ins[0], axis=tuple(int(a) for a in np.atleast_1d(axes))) if axes is not None else np.squeeze(ins[0])
        elif op == "Unsqueeze":
            axes = ins[1] if len(ins) > 1 else _attr(node, "axes")
            y = ins[0]
            for a in sorted(int(a) for a in np.atleast_1d(axes)):
                y = np.expand_dims(y, a)
        elif op == "Shape":
            y = np.array(ins[0].shape, dtype=np.int64)
        elif op == "ConstantOfShape":
            v = _attr(node, "value")
            fill = numpy_helper.to_array(v).reshape(-1)[0] if v is not None else 0.0
            y = np.full(tuple(int(s) for s in ins[0]), float(fill))
        elif op == "Constant":
            y = numpy_helper.to_array(_attr(node, "value"))
        elif op == "Identity":
            y = ins[0]
        elif op == "Flatten":
            y = ins[0].reshape(ins[0].shape[0], -1)
        elif op == "Reshape":
            y = ins[0].reshape(tuple(int(s) for s in ins[1]))
        else:
            raise NotImplementedError(f"onnx op {op}")
        env[node.output[0]] = y
    return env[model.graph.output[0].name]


@dataclass
class Probe:
    id: str
    convention: str  # probability | logit | two_class_probabilities
    threshold: float  # on the probe's own score scale
    W1: np.ndarray  # [H, D] first Gemm (H = 1 for a linear probe)
    b1: np.ndarray  # [H]
    W2: np.ndarray | None = None  # [1, H] second Gemm of an MLP (ReLU between)
    b2: np.ndarray | None = None
    model: onnx.ModelProto | None = field(default=None, repr=False)

    @property
    def linear(self) -> bool:
        return self.W2 is None

    @property
    def t_logit(self) -> float:
        """The deployed threshold on the logit scale."""
        if self.convention == "logit":
            return float(self.threshold)
        p = min(max(self.threshold, 1e-15), 1 - 1e-15)
        return math.log(p / (1 - p))

    def pre(self, X: np.ndarray) -> np.ndarray:
        """First-layer pre-activations [N, H]."""
        return np.asarray(X, np.float64) @ self.W1.T + self.b1

    def logit_from_pre(self, H: np.ndarray) -> np.ndarray:
        if self.linear:
            return H[:, 0]
        return (np.maximum(H, 0) @ self.W2.T + self.b2)[:, 0]

    def logit(self, X: np.ndarray) -> np.ndarray:
        return self.logit_from_pre(self.pre(X))

    def score(self, X: np.ndarray) -> np.ndarray:
        """The ONNX output as the pack defines the score (column 1 for two-class)."""
        out = run_onnx(self.model, X)
        return out[:, 1] if self.convention == "two_class_probabilities" else out.reshape(-1)


def load_probe(path: str, mon: dict) -> Probe:
    m = onnx.load(path)
    init = {i.name: numpy_helper.to_array(i).astype(np.float64) for i in m.graph.initializer}
    gemms = [n for n in m.graph.node if n.op_type == "Gemm"]
    ops = [n.op_type for n in m.graph.node]

    def wb(node):
        W = init[node.input[1]]
        if not _attr(node, "transB", 0):
            W = W.T
        return W, init[node.input[2]].reshape(-1)

    W1, b1 = wb(gemms[0])
    W2 = b2 = None
    if len(gemms) == 2:
        if "Relu" not in ops:
            raise NotImplementedError(f"{path}: two Gemms without Relu")
        W2, b2 = wb(gemms[1])
    elif len(gemms) != 1:
        raise NotImplementedError(f"{path}: {len(gemms)} Gemms")
    return Probe(mon["id"], mon["output_convention"], float(mon["threshold"]), W1, b1, W2, b2, m)


# ---------------------------------------------------------------------------------------------- packs
class Pack:
    def __init__(self, root: str):
        self.root = root
        self.name = os.path.basename(os.path.normpath(root))
        with open(os.path.join(root, "manifest.json")) as f:
            self.manifest = json.load(f)
        with open(os.path.join(root, "ground_truth.json")) as f:
            self.gt = json.load(f)
        self.monitors = self.manifest["monitors"]
        self.variant_info = {v["id"]: v for v in self.manifest["variants"] if v["id"] != "base"}
        self.variants = list(self.variant_info)
        self.cells = {(c["monitor_id"], c["variant"]): c for c in self.gt["cells"]}
        self.n_layers = self.manifest["model"].get("n_layers") or self.manifest["model"].get("num_hidden_layers")
        self._files: dict[str, dict[str, np.ndarray]] = {}
        self._probes: dict[str, Probe] = {}

    def file(self, variant: str, layer: int, pooling: str) -> dict[str, np.ndarray]:
        rel = f"activations/{variant}/L{layer}_{pooling}.safetensors"
        if rel not in self._files:
            self._files[rel] = read_safetensors(os.path.join(self.root, rel))
        return self._files[rel]

    def rows(self, mon: dict, variant: str, split: str) -> np.ndarray:
        """split: 'eval', 'train' (base only) or 'calibration'."""
        f = self.file(variant, mon["layer"], mon["pooling"])
        key = "calibration" if split == "calibration" else f"{mon['category']}.{split}"
        return f[key].astype(np.float64)

    def labels(self, mon: dict, split: str) -> np.ndarray:
        f = self.file("base", mon["layer"], mon["pooling"])
        return f[f"{mon['category']}.{split}.labels"].astype(np.int64)

    def probe(self, mon: dict) -> Probe:
        if mon["id"] not in self._probes:
            self._probes[mon["id"]] = load_probe(os.path.join(self.root, mon["probe_path"]), mon)
        return self._probes[mon["id"]]

    def drop_cache(self):
        self._files.clear()


def auroc(scores: np.ndarray, labels: np.ndarray, weights_pos=None) -> float:
    """Mann-Whitney AUROC with average ranks for ties."""
    s = np.asarray(scores, np.float64)
    y = np.asarray(labels).astype(bool)
    from scipy.stats import rankdata
    r = rankdata(s)
    npos, nneg = y.sum(), (~y).sum()
    if npos == 0 or nneg == 0:
        return float("nan")
    return float((r[y].sum() - npos * (npos + 1) / 2) / (npos * nneg))


def soft_auroc(scores: np.ndarray, q: np.ndarray) -> float:
    """Expected AUROC when row i is positive with probability q_i (independently):
    sum_{i != j} q_i (1 - q_j) [s_i > s_j] (+ 1/2 ties) / sum_{i != j} q_i (1 - q_j)."""
    s = np.asarray(scores, np.float64)
    q = np.asarray(q, np.float64)
    order = np.argsort(s, kind="mergesort")
    s, q = s[order], q[order]
    neg = 1 - q
    # for each i: mass of negatives strictly below + half of ties (excluding i itself)
    uniq, start = np.unique(s, return_index=True)
    cum_neg = np.concatenate([[0.0], np.cumsum(neg)])
    num = 0.0
    ends = np.append(start[1:], len(s))
    for a, b in zip(start, ends):
        below = cum_neg[a]
        tie_neg = cum_neg[b] - cum_neg[a]
        qi = q[a:b]
        # ties: each i counts half of the other tied negatives
        num += float((qi * (below + 0.5 * (tie_neg - neg[a:b]))).sum())
    den = float(q.sum() * neg.sum() - (q * neg).sum())
    return num / den if den > 0 else float("nan")


def rates(scores: np.ndarray, labels: np.ndarray, thr: float) -> tuple[float, float]:
    y = np.asarray(labels).astype(bool)
    f = np.asarray(scores) > thr
    return float(f[y].mean()), float(f[~y].mean())


def stale_reasons(base: dict, upd: dict) -> list[str]:
    out = []
    if base["auroc"] - upd["auroc"] >= STALE_TOL["auroc_drop"] - 1e-12:
        out.append("auroc_drop")
    if base["tpr"] - upd["tpr"] >= STALE_TOL["tpr_drop"] - 1e-12:
        out.append("tpr_drop")
    if upd["fpr"] - base["fpr"] >= STALE_TOL["fpr_rise"] - 1e-12:
        out.append("fpr_rise")
    return out


def metrics(z: np.ndarray, y: np.ndarray, t: float) -> dict:
    tpr, fpr = rates(z, y, t)
    return {"auroc": auroc(z, y), "tpr": tpr, "fpr": fpr}


# Beside the repository, never in it: ../shared (read-only material) and ../packs (generated packs).
REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.path.join(REPO, "..", "shared")
PACKS = os.environ.get("PACKS", os.path.join(REPO, "..", "packs"))
FEATURES = os.environ.get("FEATURES", os.path.join(PACKS, "features"))


def default_packs() -> list[str]:
    """realbench plus every generated pack under $PACKS (default ../packs; a folder with ground_truth.json)."""
    roots = [os.path.join(SHARED, "realbench")]
    base = PACKS
    if os.path.isdir(base):
        for n in sorted(os.listdir(base)):
            p = os.path.join(base, n)
            if os.path.isfile(os.path.join(p, "ground_truth.json")) and os.path.isfile(os.path.join(p, "manifest.json")):
                roots.append(p)
    return roots
