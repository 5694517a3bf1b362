#!/usr/bin/python3
"""Writes test/fixtures/drift-reference.json: reference values for src/core/predict/drift.ts on the
real benchmark pack (../shared/realbench), so test/predict-drift.test.ts can check the TypeScript
against an independent float64 numpy computation without Python in CI.

Run with Debian's Python (apt-get install python3-numpy python3-onnx):

    /usr/bin/python3 scripts/make-drift-reference.py

What it computes:
  - linear_weights: for every probe, its initializer weights when the graph is Gemm (+ monotone head),
    and whether it is linear at all (the MLPs are not);
  - mlp_directions: the analytic gradient of each MLP probe's logit (the input of its final Sigmoid
    or the z of Softmax([0, z])) at ANCHORS calibration rows of its layer (the first ones at least
    KINK_MARGIN from every ReLU kink), averaged and normalized;
  - drift: projected_shift (population std), rel_mean_shift and linear CKA between paired base and
    updated rows, CKA on the rows floor(i * N / M) for i < M = min(cka_rows, N).
"""

import json
import os
import struct

import numpy as np
import onnx
from onnx import numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
BENCH = os.path.normpath(os.path.join(ROOT, "..", "shared", "realbench"))
OUT = os.path.join(ROOT, "test", "fixtures", "drift-reference.json")
ANCHORS = 4
KINK_MARGIN = 0.02

DTYPES = {"F16": np.float16, "F32": np.float32, "F64": np.float64, "U8": np.uint8, "I64": np.int64}


def read_safetensors(path, name):
    with open(path, "rb") as f:
        raw = f.read()
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    info = header[name]
    start, end = info["data_offsets"]
    data = np.frombuffer(raw[8 + header_len + start : 8 + header_len + end], dtype=DTYPES[info["dtype"]])
    return data.reshape(info["shape"]).astype(np.float64)


def activations(variant, layer_file, tensor):
    return read_safetensors(os.path.join(BENCH, "activations", variant, layer_file), tensor)


def initializers(probe):
    model = onnx.load(os.path.join(BENCH, "probes", probe + ".onnx"))
    return model, {t.name: numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}


def linear_weights(probe):
    model, init = initializers(probe)
    gemms = [n for n in model.graph.node if n.op_type in ("Gemm", "MatMul")]
    if len(gemms) != 1:
        return None
    w = init[gemms[0].input[1]]
    return w.reshape(-1)


def mlp_direction(probe, calibration):
    """Anchors: the first ANCHORS rows at least KINK_MARGIN (input-space distance) from every ReLU kink,
    so a central difference with a smaller step sees one linear piece and the gradient is exact."""
    _, init = initializers(probe)
    w1, b1, w2 = init["net.0.weight"], init["net.0.bias"], init["net.2.weight"].reshape(-1)
    margins = np.min(np.abs(calibration @ w1.T + b1) / np.linalg.norm(w1, axis=1), axis=1)
    index = np.flatnonzero(margins >= KINK_MARGIN)[:ANCHORS]
    rows = calibration[index]
    active = (rows @ w1.T + b1 > 0).astype(np.float64)
    grads = (active * w2) @ w1  # d z / d x per anchor
    g = grads.mean(axis=0)
    return g / np.linalg.norm(g), [int(i) for i in index], float(margins[index].min())


def linear_cka(x, y):
    xc = x - x.mean(axis=0)
    yc = y - y.mean(axis=0)
    num = np.linalg.norm(yc.T @ xc) ** 2
    return float(num / (np.linalg.norm(xc.T @ xc) * np.linalg.norm(yc.T @ yc)))


def drift(variant, layer_file, tensor, probe, cka_rows):
    xb = activations("base", layer_file, tensor)
    xu = activations(variant, layer_file, tensor)
    w = linear_weights(probe)
    w = w / np.linalg.norm(w)  # these probes' scores all increase with the Gemm output
    pb, pu = xb @ w, xu @ w
    projected = abs(pu.mean() - pb.mean()) / pb.std()
    mb, mu = xb.mean(axis=0), xu.mean(axis=0)
    rel = np.linalg.norm(mu - mb) / np.sqrt(np.mean(np.sum((xb - mb) ** 2, axis=1)))
    n = xb.shape[0]
    m = min(cka_rows, n)
    idx = np.array([(i * n) // m for i in range(m)], dtype=np.int64)
    return {
        "variant": variant,
        "file": layer_file,
        "tensor": tensor,
        "probe": probe,
        "cka_rows_option": cka_rows,
        "rows": n,
        "cka_rows": m,
        "projected_shift": float(projected),
        "rel_mean_shift": float(rel),
        "linear_cka": linear_cka(xb[idx], xu[idx]),
    }


def main():
    manifest = json.load(open(os.path.join(BENCH, "manifest.json")))
    probes = sorted(m["id"] for m in manifest["monitors"])
    linear = {}
    for probe in probes:
        w = linear_weights(probe) if probe.endswith("logreg") else None
        linear[probe] = {"linear": w is not None, "weights": None if w is None else [float(v) for v in w]}

    mlps = {}
    for probe, layer_file in (("pii-L2-mlp", "L2_mean.safetensors"), ("toxicity-L4-mlp", "L4_mean.safetensors")):
        direction, index, margin = mlp_direction(probe, activations("base", layer_file, "calibration"))
        mlps[probe] = {"file": layer_file, "tensor": "calibration", "anchor_rows": index, "direction": [float(v) for v in direction], "min_kink_margin": margin}

    cases = [
        drift("lora", "L2_mean.safetensors", "calibration", "pii-L2-logreg", 1024),
        drift("lora", "L2_mean.safetensors", "calibration", "pii-L2-logreg", 100),
        drift("qlora", "L4_mean.safetensors", "calibration", "toxicity-L4-logreg", 1024),
        drift("int8", "L1_mean.safetensors", "pii.eval", "refusal-L1-logreg", 64),
    ]
    out = {
        "generator": "scripts/make-drift-reference.py",
        "numpy": np.__version__,
        "onnx": onnx.__version__,
        "linear_weights": linear,
        "mlp_directions": mlps,
        "drift": cases,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {OUT}")
    for c in cases:
        print(c)
    for probe, m in mlps.items():
        print(probe, "anchor rows", m["anchor_rows"], "min kink margin", m["min_kink_margin"])


if __name__ == "__main__":
    main()
