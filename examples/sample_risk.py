"""Sample-level data screening for monitor-gate: how hard does each fine-tuning sample push each monitor?

Before a fine-tune, score every training sample by the step it would make on the hidden states a
monitor reads (the "hidden-gradient" method, after SQSD's sample-level safety degradation scoring,
with the monitors' own probe directions as the danger directions):

  1. forward the sample through the base model, LM loss = mean next-token cross-entropy over its
     non-padding tokens;
  2. backward to the output of each monitored decoder block only (parameters stay frozen);
  3. pool that gradient the way the monitor pools its activations: mean over the tokens, the last
     token, or (max) per dimension the token that holds the maximum (the loss may cover one more token
     than the pooling: an appended EOS, so that the last token the monitor reads has a target);
  4. score = <-g_pooled, u>, u the monitor's unit probe direction: signed; positive means the
     training step moves the pooled hidden state toward the probe's positive side.

Directions come from the monitors' ONNX files: a linear probe's weight vector read from its
initializers (MatMul [D,1], Gemm with or without transB, two-class [D,2] -> w[:,1]-w[:,0]); any other
probe made of Gemm/MatMul/Add/Relu/Sigmoid/Tanh/... is evaluated in torch and u is the gradient of its
logit at the sample's own pooled activation (normalized).

Two baselines come out with the scores: each sample's LM loss, and the cosine of its pooled
activation with u.

Pure torch (no transformers needed): `score_samples` takes any module whose forward takes input_ids
(and optionally attention_mask) and returns logits [B, T, V] or an object with `.logits`.
`extract_activations.py --score-samples` is the command-line front end for Hugging Face models;
`write_sample_risk` writes the file the TypeScript gate reads.
"""
import inspect
import json
import os
import warnings
from collections import namedtuple

import torch
import torch.nn.functional as F

FORMAT = "monitor-gate/sample-risk"
VERSION = "1"
METHOD = "hidden-gradient"
POOLINGS = ("mean", "last", "max")

Monitor = namedtuple("Monitor", "id layer pooling direction")
Monitor.__doc__ = """One monitored probe: id, 0-based decoder block index, pooling ('mean'|'last'|'max' or None for
the default), direction (a provider from load_probe_direction, a callable pooled [B,D] -> [B,D], or a
constant vector [D])."""


class ProbeError(ValueError):
    """A probe file that cannot be turned into a direction; the message is one line naming the file."""


# ----------------------------------------------------------------------------------------------
# ONNX probes -> directions
# ----------------------------------------------------------------------------------------------
# Ops before the one linear node of a linear probe, and ops after it that keep the score a monotone
# function of its logit (the sign is checked numerically, so Neg/Sub/negative Mul are fine).
_PRE_LINEAR = {"Identity", "Cast", "Flatten"}
_POST_LINEAR = {"Add", "Sub", "Mul", "Div", "Neg", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Squeeze",
                "Unsqueeze", "Reshape", "Flatten", "Identity", "Cast", "Concat"}
_PASS_THROUGH = {"Identity", "Squeeze", "Unsqueeze", "Reshape", "Flatten", "Cast"}
_SQUASH = {"Sigmoid", "Softmax", "LogSoftmax"}  # dropped at the head: the logit, not the probability


def _attrs(node):
    import onnx

    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


class OnnxProbe:
    """A tiny torch evaluator for the ops small probes are made of. `logit(x)` returns the probe's scalar
    logit per row: a trailing Sigmoid/Softmax is dropped and a two-column output becomes col1 - col0."""

    OPS = ("Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Neg", "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Softmax",
           "LogSoftmax", "Identity", "Cast", "Flatten", "Squeeze", "Unsqueeze", "Reshape", "Concat", "Constant")

    def __init__(self, path):
        import onnx
        from onnx import numpy_helper

        self.path = path
        try:
            model = onnx.load(path)
        except Exception as error:  # noqa: BLE001 - any parse failure is one line
            raise ProbeError("%s: not an ONNX model (%s)" % (path, str(error).splitlines()[0] if str(error) else type(error).__name__))
        graph = model.graph
        self.constants = {t.name: torch.from_numpy(numpy_helper.to_array(t).copy()) for t in graph.initializer}
        inputs = [v.name for v in graph.input if v.name not in self.constants]
        if len(inputs) != 1:
            raise ProbeError("%s: expected one activations input, found %d" % (path, len(inputs)))
        self.input = inputs[0]
        self.output = graph.output[0].name
        self.nodes = list(graph.node)
        for node in self.nodes:
            if node.op_type not in self.OPS or (node.domain not in ("", "ai.onnx")):
                op = node.op_type if node.domain in ("", "ai.onnx") else "%s:%s" % (node.domain, node.op_type)
                raise ProbeError("%s: unsupported op %s (supported: %s)" % (path, op, ", ".join(self.OPS)))
            if node.op_type == "Constant":
                value = _attrs(node).get("value")
                if value is None:
                    raise ProbeError("%s: Constant without a tensor value" % path)
                self.constants[node.output[0]] = torch.from_numpy(numpy_helper.to_array(value).copy())
        shape = [d.dim_value if d.HasField("dim_value") else None for d in next(v for v in graph.input if v.name == self.input).type.tensor_type.shape.dim]
        self.width = shape[-1] if shape else None
        # The head: walk back from the output through pass-through ops to the first real op.
        producers = {o: n for n in self.nodes for o in n.output}
        self.dropped = None
        name = self.output
        while name in producers:
            node = producers[name]
            if node.op_type in _SQUASH:
                self.dropped = node.output[0]
                break
            if node.op_type not in _PASS_THROUGH:
                break
            name = node.input[0]

    def run(self, x, logit=False):
        values = dict(self.constants)
        values[self.input] = x
        for node in self.nodes:
            if node.op_type == "Constant":
                continue
            ins = [values[n] if n else None for n in node.input]
            a = _attrs(node)
            op = node.op_type
            if logit and node.output[0] == self.dropped:
                out = ins[0]
            elif op == "Gemm":
                A, B = ins[0], ins[1]
                if a.get("transA", 0):
                    A = A.t()
                if a.get("transB", 0):
                    B = B.t()
                out = a.get("alpha", 1.0) * (A @ B.to(A.dtype))
                if len(ins) > 2 and ins[2] is not None:
                    out = out + a.get("beta", 1.0) * ins[2].to(out.dtype)
            elif op == "MatMul":
                out = ins[0] @ ins[1].to(ins[0].dtype)
            elif op in ("Add", "Sub", "Mul", "Div"):
                l, r = ins[0], ins[1]
                if l.is_floating_point() and not r.is_floating_point():
                    r = r.to(l.dtype)
                elif r.is_floating_point() and not l.is_floating_point():
                    l = l.to(r.dtype)
                elif l.is_floating_point() and r.is_floating_point() and l.dtype != r.dtype:
                    r = r.to(l.dtype)
                out = {"Add": torch.add, "Sub": torch.sub, "Mul": torch.mul, "Div": torch.div}[op](l, r)
            elif op == "Neg":
                out = -ins[0]
            elif op == "Relu":
                out = torch.relu(ins[0])
            elif op == "LeakyRelu":
                out = F.leaky_relu(ins[0], a.get("alpha", 0.01))
            elif op == "Sigmoid":
                out = torch.sigmoid(ins[0])
            elif op == "Tanh":
                out = torch.tanh(ins[0])
            elif op == "Softmax":
                out = torch.softmax(ins[0], a.get("axis", -1))
            elif op == "LogSoftmax":
                out = torch.log_softmax(ins[0], a.get("axis", -1))
            elif op in ("Identity", "Cast"):
                out = ins[0]
            elif op == "Flatten":
                axis = a.get("axis", 1)
                out = ins[0].reshape(int(torch.tensor(ins[0].shape[:axis]).prod()), -1)
            elif op in ("Squeeze", "Unsqueeze"):
                axes = a.get("axes")
                if axes is None and len(ins) > 1 and ins[1] is not None:
                    axes = [int(v) for v in ins[1].reshape(-1)]
                out = ins[0]
                if op == "Squeeze":
                    if axes is None:
                        out = out.squeeze()
                    else:
                        for axis in sorted((ax % out.dim() for ax in axes), reverse=True):
                            out = out.squeeze(axis)
                else:
                    rank = out.dim() + len(axes)
                    for axis in sorted(ax % rank for ax in axes):
                        out = out.unsqueeze(axis)
            elif op == "Reshape":
                shape = [int(v) for v in ins[1].reshape(-1)]
                shape = [ins[0].shape[i] if s == 0 else s for i, s in enumerate(shape)]
                out = ins[0].reshape(shape)
            elif op == "Concat":
                parts = [t for t in ins if t is not None]
                dtype = next((t.dtype for t in parts if t.is_floating_point()), parts[0].dtype)
                out = torch.cat([t.to(dtype) for t in parts], a.get("axis", 0))
            else:  # pragma: no cover - filtered in __init__
                raise ProbeError("%s: unsupported op %s" % (self.path, op))
            values[node.output[0]] = out
        return values[self.output]

    def logit(self, x):
        out = self.run(x, logit=True).reshape(x.shape[0], -1)
        if out.shape[1] == 1:
            return out[:, 0]
        if out.shape[1] == 2:
            return out[:, 1] - out[:, 0]
        raise ProbeError("%s: output has %d columns per row; expected 1 (logit/probability) or 2 (two-class)" % (self.path, out.shape[1]))

    def gradient(self, x):
        """d logit / d x at each row of x [B, D] (rows are independent)."""
        x = x.detach().to(torch.float32).requires_grad_(True)
        with torch.enable_grad():
            (g,) = torch.autograd.grad(self.logit(x).sum(), x)
        return g


def _linear_weight(probe):
    """The weight vector [D] of a linear probe (sign as stored, before the numerical check), or None."""
    stage = {probe.input: "pre"}
    weight = None
    for node in probe.nodes:
        touched = [n for n in node.input if n in stage]
        if not touched:
            continue
        stages = {stage[n] for n in touched}
        if len(stages) != 1:
            return None
        if stages == {"pre"}:
            if node.op_type in _PRE_LINEAR:
                nxt = "pre"
            elif node.op_type in ("Gemm", "MatMul") and weight is None and node.input[0] == touched[0] and len(touched) == 1:
                w = probe.constants.get(node.input[1])
                if w is None or w.dim() not in (1, 2):
                    return None
                a = _attrs(node)
                if node.op_type == "Gemm" and a.get("transA", 0):
                    return None
                w = w.to(torch.float64)
                if w.dim() == 1:
                    w = w.unsqueeze(1)
                if node.op_type == "Gemm" and a.get("transB", 0):
                    w = w.t()
                if w.shape[1] == 1:
                    weight = w[:, 0]
                elif w.shape[1] == 2:
                    weight = w[:, 1] - w[:, 0]
                else:
                    return None
                if node.op_type == "Gemm":
                    weight = weight * a.get("alpha", 1.0)
                nxt = "post"
            else:
                return None
        else:
            if node.op_type not in _POST_LINEAR:
                return None
            nxt = "post"
        for o in node.output:
            stage[o] = nxt
    return weight if weight is not None and stage.get(probe.output) == "post" else None


class LinearDirection:
    """A constant unit direction (a linear probe)."""

    kind = "linear"

    def __init__(self, vector, source=None):
        v = torch.as_tensor(vector, dtype=torch.float32).reshape(-1)
        norm = float(v.norm())
        if not norm > 0:
            raise ProbeError("%s: the probe's weight vector is zero" % (source or "direction"))
        self.unit = v / norm
        self.width = v.numel()
        self.source = source

    def __call__(self, pooled):
        return self.unit.to(pooled.device).expand(pooled.shape[0], -1)


class GraphDirection:
    """The normalized gradient of a probe's logit at each sample's own pooled activation (an MLP probe)."""

    kind = "gradient"

    def __init__(self, probe):
        self.probe = probe
        self.width = probe.width
        self.source = probe.path

    def __call__(self, pooled):
        g = self.probe.gradient(pooled.detach().cpu()).to(pooled.device)
        return g / g.norm(dim=1, keepdim=True).clamp(min=1e-12)


def load_probe_direction(path, width=None):
    """A direction provider for the ONNX probe at path: LinearDirection for a linear probe (its weights,
    sign checked against the graph's own logit), GraphDirection otherwise. ProbeError on anything else."""
    if not os.path.isfile(path):
        raise ProbeError("%s: no such probe file" % path)
    probe = OnnxProbe(path)
    D = probe.width or width
    if width is not None and probe.width is not None and probe.width != width:
        raise ProbeError("%s: probe input width %d, but the model's hidden size is %d" % (path, probe.width, width))
    w = _linear_weight(probe)
    if w is not None:
        if D is not None and w.numel() != D:
            raise ProbeError("%s: linear weight has %d entries, input width %d" % (path, w.numel(), D))
        try:  # the graph decides the sign (a Neg or Sub after the linear node flips it)
            g = probe.gradient(torch.zeros(1, w.numel()))[0].to(torch.float64)
            if float(g @ w) < 0:
                w = -w
        except ProbeError:
            raise
        except Exception:  # noqa: BLE001 - shapes the evaluator cannot follow: keep the stored sign
            pass
        return LinearDirection(w, path)
    if D is None:
        raise ProbeError("%s: the probe's input width is not fixed; pass the model's hidden size" % path)
    probe.width = D
    try:
        probe.gradient(torch.zeros(2, D))
    except ProbeError:
        raise
    except Exception as error:  # noqa: BLE001
        raise ProbeError("%s: cannot evaluate the probe graph (%s)" % (path, str(error).splitlines()[0] if str(error) else type(error).__name__))
    return GraphDirection(probe)


def _provider(direction):
    if callable(direction):
        return direction
    return LinearDirection(direction)


# ----------------------------------------------------------------------------------------------
# scoring
# ----------------------------------------------------------------------------------------------
def pool(hidden, mask, how):
    """Pooled hidden states [B, D] over a right-padded mask [B, T] (as extract_activations.py pools)."""
    m = mask.unsqueeze(-1).to(hidden.dtype)
    if how == "mean":
        return (hidden * m).sum(1) / m.sum(1).clamp(min=1)
    if how == "max":
        return hidden.masked_fill(m == 0, float("-inf")).max(1).values
    last = mask.sum(1).long() - 1
    return hidden[torch.arange(hidden.shape[0], device=hidden.device), last.clamp(min=0)]


def pool_gradient(grad, hidden, mask, how):
    """The gradient of the pooled activation, pooled the way the activation is: mean over the mask, the
    last real token, or per dimension the token holding the maximum (the subgradient of max)."""
    m = mask.unsqueeze(-1).to(grad.dtype)
    if how == "mean":
        return (grad * m).sum(1) / m.sum(1).clamp(min=1)
    if how == "max":
        arg = hidden.masked_fill(m == 0, float("-inf")).argmax(1)  # [B, D]
        return grad.gather(1, arg.unsqueeze(1)).squeeze(1)
    last = mask.sum(1).long() - 1
    return grad[torch.arange(grad.shape[0], device=grad.device), last.clamp(min=0)]


def sample_losses(logits, input_ids, mask):
    """Mean next-token cross-entropy per sample over its non-padding targets [B] (0 with no target)."""
    logits = logits[:, :-1].float()
    targets = input_ids[:, 1:]
    weight = (mask[:, 1:] * mask[:, :-1]).to(logits.dtype)
    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="none").view(targets.shape)
    return (ce * weight).sum(1) / weight.sum(1).clamp(min=1)


def _forward_kwargs(model):
    try:
        params = inspect.signature(model.forward).parameters
    except (TypeError, ValueError):
        return True, True
    var_kw = any(p.kind == p.VAR_KEYWORD for p in params.values())
    return ("input_ids" in params or var_kw), ("attention_mask" in params or var_kw)


def batch_token_lists(sequences, batch_size, pad_id=0, pool_lengths=None):
    """Right-padded (input_ids, attention_mask) batches, in order, from lists of token ids; with
    pool_lengths (tokens per sample the monitors pool over, e.g. all but an appended EOS) the batches
    are (input_ids, attention_mask, pool_mask) triples."""
    for start in range(0, len(sequences), batch_size):
        chunk = sequences[start: start + batch_size]
        T = max(1, max(len(s) for s in chunk))
        ids = torch.full((len(chunk), T), pad_id, dtype=torch.long)
        mask = torch.zeros((len(chunk), T), dtype=torch.long)
        for i, s in enumerate(chunk):
            ids[i, : len(s)] = torch.as_tensor(list(s), dtype=torch.long)
            mask[i, : len(s)] = 1
        if pool_lengths is None:
            yield ids, mask
            continue
        pool_mask = torch.zeros_like(mask)
        for i, n in enumerate(pool_lengths[start: start + batch_size]):
            pool_mask[i, : n] = 1
        yield ids, mask, pool_mask


def score_samples(model, blocks, batches, monitors, pooling="mean", device=None):
    """Scores every sample against every monitor.

    model: a torch module; forward(input_ids[, attention_mask]) -> logits [B, T, V] (or `.logits`).
    blocks: the list/ModuleList of decoder blocks the monitors' layer indices refer to.
    batches: iterable of (input_ids [B, T], attention_mask [B, T][, pool_mask [B, T]]) right-padded, or
        dicts with those keys. The loss covers attention_mask; the monitors pool over pool_mask (default:
        attention_mask), a prefix of it. The last token of a sample has no next-token target, so its
        hidden state gets no gradient: for 'last' pooling, append an end token (EOS) to each sample and
        leave it out of pool_mask, so the monitor's read position is trained to predict it.
    monitors: Monitor(id, layer, pooling, direction) tuples (or plain 4-tuples); pooling None -> `pooling`.
    Returns {"scores": [S, M], "loss": [S], "cosine": [S, M]} float32 CPU tensors, samples in batch order.
    """
    monitors = [Monitor(*m) for m in monitors]
    for m in monitors:
        if (m.pooling or pooling) not in POOLINGS:
            raise ValueError("monitor %s: pooling %r, expected one of %s" % (m.id, m.pooling or pooling, ", ".join(POOLINGS)))
        if not 0 <= m.layer < len(blocks):
            raise ValueError("monitor %s: layer %d, the model has %d blocks" % (m.id, m.layer, len(blocks)))
    providers = [_provider(m.direction) for m in monitors]
    layers = sorted({m.layer for m in monitors})
    named_ids, takes_mask = _forward_kwargs(model)
    if device is None:
        device = next((p.device for p in model.parameters()), torch.device("cpu"))

    saved = [(p, p.requires_grad) for p in model.parameters()]
    for p, _ in saved:
        p.requires_grad_(False)
    was_training = model.training
    model.eval()
    captured = {}

    def hook_for(layer):
        def hook(module, inputs, output):
            h = output[0] if isinstance(output, (tuple, list)) else output
            if not h.requires_grad:  # the first monitored block: a leaf the gradient stops at
                h = h.detach().requires_grad_(True)
                captured[layer] = h
                return (h,) + tuple(output[1:]) if isinstance(output, (tuple, list)) else h
            captured[layer] = h
            return None

        return hook

    handles = [blocks[layer].register_forward_hook(hook_for(layer)) for layer in layers]
    scores, losses, cosines = [], [], []
    warned = False
    try:
        for batch in batches:
            if isinstance(batch, dict):
                ids, mask, pool_mask = batch["input_ids"], batch.get("attention_mask"), batch.get("pool_mask")
            else:
                ids, mask, pool_mask = (tuple(batch) + (None, None))[:3]
            if mask is None:
                mask = torch.ones_like(ids)
            ids, mask = ids.to(device), mask.to(device)
            pool_mask = mask if pool_mask is None else pool_mask.to(device) * mask
            if not warned and pool_mask is mask and any((m.pooling or pooling) == "last" for m in monitors):
                warnings.warn("'last' pooling with the pooling mask equal to the attention mask: the last token gets no "
                              "gradient, so those scores are 0 (append an EOS and pass a pool_mask without it)")
                warned = True
            captured.clear()
            with torch.enable_grad():
                args = {"attention_mask": mask} if takes_mask else {}
                out = model(input_ids=ids, **args) if named_ids else model(ids, **args)
                logits = out.logits if hasattr(out, "logits") else (out[0] if isinstance(out, (tuple, list)) else out)
                loss = sample_losses(logits, ids, mask)
                missing = [layer for layer in layers if layer not in captured]
                if missing:
                    raise RuntimeError("decoder block(s) %s did not run in the forward pass" % missing)
                grads = torch.autograd.grad(loss.sum(), [captured[layer] for layer in layers], allow_unused=True)
            grad_of = {layer: (g if g is not None else torch.zeros_like(captured[layer])) for layer, g in zip(layers, grads)}
            row_s, row_c = [], []
            for m, provider in zip(monitors, providers):
                how = m.pooling or pooling
                hidden = captured[m.layer].detach().float()
                g = pool_gradient(grad_of[m.layer].float(), hidden, pool_mask, how)
                acts = pool(hidden, pool_mask, how)
                u = provider(acts).float()
                if u.shape[-1] != acts.shape[-1]:
                    raise ValueError("monitor %s: direction has %d entries, hidden size is %d" % (m.id, u.shape[-1], acts.shape[-1]))
                row_s.append((-g * u).sum(1))
                row_c.append(F.cosine_similarity(acts, u, dim=1, eps=1e-12))
            scores.append(torch.stack(row_s, 1).cpu())
            cosines.append(torch.stack(row_c, 1).cpu())
            losses.append(loss.detach().float().cpu())
    finally:
        for handle in handles:
            handle.remove()
        for p, flag in saved:
            p.requires_grad_(flag)
        model.train(was_training)
    M = len(monitors)
    return {
        "scores": torch.cat(scores) if scores else torch.zeros(0, M),
        "loss": torch.cat(losses) if losses else torch.zeros(0),
        "cosine": torch.cat(cosines) if cosines else torch.zeros(0, M),
    }


# ----------------------------------------------------------------------------------------------
# the file the gate reads
# ----------------------------------------------------------------------------------------------
def write_sample_risk(path, result, monitors, files, lines, file_index, model_id):
    """Writes the monitor-gate/sample-risk safetensors file.

    result: score_samples' dict; monitors: Monitor tuples (column order; pooling must be set);
    files: the dataset paths as given; lines: 1-based line per sample; file_index: index into files."""
    import sys

    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    from extract_activations import write_safetensors

    S, M = result["scores"].shape[0], len(monitors)
    if tuple(result["scores"].shape) != (S, M) or tuple(result["cosine"].shape) != (S, M) or result["loss"].shape[0] != S:
        raise ValueError("result shapes do not match %d samples x %d monitors" % (S, M))
    if len(lines) != S or len(file_index) != S:
        raise ValueError("need one line and one file index per sample (%d samples)" % S)

    def f32(t):
        return t.detach().to(torch.float32).contiguous().cpu().numpy().astype("<f4").tobytes()

    def i32(values):
        return torch.tensor([int(v) for v in values], dtype=torch.int32).numpy().astype("<i4").tobytes()

    tensors = {
        "scores": ("F32", [S, M], f32(result["scores"])),
        "loss": ("F32", [S], f32(result["loss"])),
        "cosine": ("F32", [S, M], f32(result["cosine"])),
        "line": ("I32", [S], i32(lines)),
        "file": ("I32", [S], i32(file_index)),
    }
    metadata = {
        "format": FORMAT,
        "version": VERSION,
        "monitors": json.dumps([m.id for m in monitors]),
        "files": json.dumps(list(files)),
        "method": METHOD,
        "model": model_id,
        "layers": json.dumps([int(m.layer) for m in monitors]),
        "pooling": json.dumps([m.pooling for m in monitors]),
    }
    write_safetensors(path, tensors, metadata)
