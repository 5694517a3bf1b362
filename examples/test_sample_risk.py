"""Tests for sample_risk.py and extract_activations.py --score-samples (pure torch, CPU, a few seconds).

Run from the repository root:  /usr/bin/python3 -m unittest examples/test_sample_risk.py
"""
import json
import math
import os
import struct
import sys
import tempfile
import unittest
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)

import extract_activations  # noqa: E402
import sample_risk  # noqa: E402

VOCAB, D, HEADS, CTX = 40, 16, 2, 24


class Block(nn.Module):
    """Pre-LN causal self-attention + MLP; padding keys masked out. Returns (hidden, None) when tuple_out."""

    def __init__(self, tuple_out):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.attn = nn.MultiheadAttention(D, HEADS, batch_first=True)
        self.fc1, self.fc2 = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)
        self.tuple_out = tuple_out

    def forward(self, x, mask):
        T = x.shape[1]
        causal = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        h = self.ln1(x)
        a, _ = self.attn(h, h, h, attn_mask=causal, key_padding_mask=(mask == 0), need_weights=False)
        x = x + a
        x = x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
        return (x, None) if self.tuple_out else x


class TinyLM(nn.Module):
    def __init__(self, n_layers=3, tuple_out=False, seed=0):
        super().__init__()
        torch.manual_seed(seed)
        self.embed = nn.Embedding(VOCAB, D)
        self.pos = nn.Embedding(CTX, D)
        self.blocks = nn.ModuleList([Block(tuple_out) for _ in range(n_layers)])
        self.ln = nn.LayerNorm(D)
        self.head = nn.Linear(D, VOCAB)

    def forward(self, input_ids, attention_mask=None, cut=None):
        """cut=(layer, fn): fn(hidden) replaces block `layer`'s output (used by the independent check)."""
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        x = self.embed(input_ids) + self.pos(torch.arange(input_ids.shape[1]))
        for i, block in enumerate(self.blocks):
            x = block(x, attention_mask)
            x = x[0] if isinstance(x, tuple) else x
            if cut is not None and cut[0] == i:
                x = cut[1](x)
        return self.head(self.ln(x))


class Output:
    def __init__(self, logits):
        self.logits = logits


class ObjectLM(TinyLM):
    """forward returns an object with .logits and takes **kwargs (the Hugging Face shape)."""

    def forward(self, input_ids=None, **kwargs):
        return Output(super().forward(input_ids, kwargs.get("attention_mask")))


def random_samples(n, seed, lo=3, hi=CTX):
    g = torch.Generator().manual_seed(seed)
    return [torch.randint(1, VOCAB, (int(torch.randint(lo, hi + 1, (1,), generator=g)),), generator=g).tolist() for _ in range(n)]


def export(module, path, width=D):
    module.eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(module, torch.zeros(2, width), path, input_names=["activations"], output_names=["score"],
                          dynamic_axes={"activations": {0: "batch"}, "score": {0: "batch"}}, opset_version=13)


def reference_score(model, ids, layer, how, u_of, pool_len=None):
    """Independent: one unpadded sample, full-model mean token loss, torch.autograd.grad w.r.t. block `layer`'s
    output, pooled over the first pool_len tokens (default all)."""
    ids = torch.tensor([ids])
    held = {}

    def cut(h):
        leaf = h.detach().requires_grad_(True)
        held["h"] = leaf
        return leaf

    logits = model(ids, cut=(layer, cut)) if not isinstance(model, ObjectLM) else TinyLM.forward(model, ids, cut=(layer, cut))
    loss = F.cross_entropy(logits[0, :-1], ids[0, 1:])
    (g,) = torch.autograd.grad(loss, held["h"])
    n = pool_len or len(ids[0])
    h, g = held["h"][0, :n].detach(), g[0, :n]
    if how == "mean":
        gp, hp = g.mean(0), h.mean(0)
    elif how == "last":
        gp, hp = g[-1], h[-1]
    else:
        arg = h.argmax(0)
        gp, hp = g[arg, torch.arange(h.shape[1])], h.max(0).values
    u = u_of(hp.unsqueeze(0))[0]
    return float(-(gp @ u)), float(loss), float(F.cosine_similarity(hp, u, dim=0))


class ProbeFiles(unittest.TestCase):
    """Real probes exported with torch.onnx.export into a temp folder (shared by the test classes below)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        d = cls.tmp.name
        torch.manual_seed(1)
        cls.linear = nn.Linear(D, 1)
        export(cls.linear, os.path.join(d, "linear.onnx"))
        export(nn.Sequential(cls.linear, nn.Sigmoid()), os.path.join(d, "linear-prob.onnx"))
        cls.nobias = nn.Linear(D, 1, bias=False)  # exported as MatMul [D, 1]
        export(cls.nobias, os.path.join(d, "matmul.onnx"))
        cls.two = nn.Linear(D, 2)
        export(nn.Sequential(cls.two, nn.Softmax(dim=1)), os.path.join(d, "two-class.onnx"))

        class Negated(nn.Module):
            def __init__(self, lin):
                super().__init__()
                self.lin = lin

            def forward(self, x):
                return torch.sigmoid(-self.lin(x))

        export(Negated(cls.linear), os.path.join(d, "negated.onnx"))
        cls.mlp = nn.Sequential(nn.Linear(D, 8), nn.ReLU(), nn.Linear(8, 6), nn.Tanh(), nn.Linear(6, 1))
        export(nn.Sequential(cls.mlp, nn.Sigmoid()), os.path.join(d, "mlp.onnx"))

        class Exp(nn.Module):
            def forward(self, x):
                return torch.exp(x).sum(1, keepdim=True)

        export(Exp(), os.path.join(d, "exp.onnx"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)



class Directions(ProbeFiles):
    # (c) linear directions read from the ONNX initializers equal the torch weights
    def test_linear_direction_matches_torch_weights(self):
        w = self.linear.weight.detach()[0]
        for name in ("linear.onnx", "linear-prob.onnx"):
            direction = sample_risk.load_probe_direction(self.path(name), D)
            self.assertEqual(direction.kind, "linear", name)
            torch.testing.assert_close(direction.unit, w / w.norm(), rtol=1e-6, atol=1e-6)
        wn = self.nobias.weight.detach()[0]
        torch.testing.assert_close(sample_risk.load_probe_direction(self.path("matmul.onnx"), D).unit, wn / wn.norm(), rtol=1e-6, atol=1e-6)
        w2 = self.two.weight.detach()
        w2 = w2[1] - w2[0]
        two = sample_risk.load_probe_direction(self.path("two-class.onnx"), D)
        self.assertEqual(two.kind, "linear")
        torch.testing.assert_close(two.unit, w2 / w2.norm(), rtol=1e-6, atol=1e-6)
        negated = sample_risk.load_probe_direction(self.path("negated.onnx"), D)
        torch.testing.assert_close(negated.unit, -w / w.norm(), rtol=1e-6, atol=1e-6)

    # (d) an MLP probe's direction is the normalized gradient of its logit at the sample's pooled activation
    def test_mlp_direction_is_gradient_of_logit(self):
        direction = sample_risk.load_probe_direction(self.path("mlp.onnx"), D)
        self.assertEqual(direction.kind, "gradient")
        x = torch.randn(5, D) * 3
        xr = x.clone().requires_grad_(True)
        (g,) = torch.autograd.grad(self.mlp(xr).sum(), xr)
        torch.testing.assert_close(direction(x), g / g.norm(dim=1, keepdim=True), rtol=1e-5, atol=1e-6)
        # and the evaluator reproduces the probe's own output
        with torch.no_grad():
            torch.testing.assert_close(direction.probe.run(x).reshape(-1), torch.sigmoid(self.mlp(x)).reshape(-1), rtol=1e-5, atol=1e-6)

    def test_unsupported_op_is_one_line_naming_file_and_op(self):
        with self.assertRaises(sample_risk.ProbeError) as caught:
            sample_risk.load_probe_direction(self.path("exp.onnx"), D)
        message = str(caught.exception)
        self.assertIn("exp.onnx", message)
        self.assertIn("Exp", message)
        self.assertNotIn("\n", message)

    def test_width_mismatch(self):
        with self.assertRaises(sample_risk.ProbeError):
            sample_risk.load_probe_direction(self.path("linear.onnx"), D + 1)


class Scoring(ProbeFiles):
    def monitors(self):
        return [
            sample_risk.Monitor("lin-mean", 1, "mean", sample_risk.load_probe_direction(self.path("linear.onnx"), D)),
            sample_risk.Monitor("mlp-last", 2, "last", sample_risk.load_probe_direction(self.path("mlp.onnx"), D)),
            sample_risk.Monitor("two-max", 0, "max", sample_risk.load_probe_direction(self.path("two-class.onnx"), D)),
            sample_risk.Monitor("lin-L2-mean", 2, "mean", sample_risk.load_probe_direction(self.path("linear-prob.onnx"), D)),
        ]

    # (a) against an independent autograd computation, one sample at a time, every pooling
    def test_scores_match_independent_autograd(self):
        for model in (TinyLM(), TinyLM(tuple_out=True, seed=3), ObjectLM(seed=4)):
            samples = random_samples(6, seed=7)
            monitors = self.monitors()
            pool_lengths = [len(s) - 1 for s in samples]  # the last token plays an appended EOS
            out = sample_risk.score_samples(model, model.blocks, sample_risk.batch_token_lists(samples, 4, pool_lengths=pool_lengths), monitors)
            self.assertEqual(tuple(out["scores"].shape), (6, 4))
            self.assertTrue(bool((out["scores"] != 0).all()))
            for i, ids in enumerate(samples):
                for j, m in enumerate(monitors):
                    score, loss, cosine = reference_score(model, ids, m.layer, m.pooling, m.direction, pool_lengths[i])
                    self.assertTrue(math.isclose(out["scores"][i, j].item(), score, rel_tol=1e-4, abs_tol=1e-7), (type(model).__name__, i, m.id, out["scores"][i, j].item(), score))
                    self.assertAlmostEqual(out["cosine"][i, j].item(), cosine, places=5)
                    self.assertAlmostEqual(out["loss"][i].item(), loss, places=5)
            self.assertTrue(any(p.requires_grad for p in model.parameters()), "parameters' requires_grad restored")

    # (b) batching with right padding gives the one-at-a-time scores
    def test_padded_batches_equal_one_at_a_time(self):
        model = TinyLM(seed=5)
        samples = random_samples(9, seed=11, lo=2)
        monitors = self.monitors()
        pool_lengths = [len(s) - 1 for s in samples]
        batched = sample_risk.score_samples(model, model.blocks, sample_risk.batch_token_lists(samples, 5, pad_id=7, pool_lengths=pool_lengths), monitors)
        single = sample_risk.score_samples(model, model.blocks, sample_risk.batch_token_lists(samples, 1, pool_lengths=pool_lengths), monitors)
        for key in ("scores", "loss", "cosine"):
            torch.testing.assert_close(batched[key], single[key], rtol=1e-5, atol=1e-6, msg=key)
        self.assertTrue(bool((batched["scores"] != 0).all()))
        # without a pooling mask: mean/max still match; 'last' is structurally 0, with a warning
        with self.assertWarns(UserWarning):
            plain = sample_risk.score_samples(model, model.blocks, sample_risk.batch_token_lists(samples, 5), monitors)
        with self.assertWarns(UserWarning):
            one = sample_risk.score_samples(model, model.blocks, sample_risk.batch_token_lists(samples, 1), monitors)
        torch.testing.assert_close(plain["scores"], one["scores"], rtol=1e-5, atol=1e-6)
        self.assertTrue(bool((plain["scores"][:, 1] == 0).all()))
        for j, m in enumerate(monitors):
            if m.pooling != "last":
                self.assertTrue(bool((plain["scores"][:, j] != 0).all()), m.id)

    def test_score_sign_is_the_step_toward_the_positive_side(self):
        # A small step of the pooled hidden state along -g changes the probe's logit by about -lr*g.u*|w|.
        model = TinyLM(seed=2)
        ids = random_samples(1, seed=3, lo=8)[0]
        m = sample_risk.Monitor("lin", 1, "last", sample_risk.load_probe_direction(self.path("linear.onnx"), D))
        batches = sample_risk.batch_token_lists([ids], 1, pool_lengths=[len(ids) - 1])
        score = sample_risk.score_samples(model, model.blocks, batches, [m])["scores"][0, 0].item()
        self.assertNotEqual(score, 0.0)
        loss_of = lambda delta: F.cross_entropy(model(torch.tensor([ids]), cut=(1, lambda h: h + delta))[0, :-1], torch.tensor(ids[1:])).item()  # noqa: E731
        delta = torch.zeros(1, len(ids), D)
        delta[0, -2] = 1e-2 * m.direction.unit  # the last pooled token
        with torch.no_grad():
            slope = (loss_of(delta) - loss_of(-delta)) / 2e-2  # d loss / d (last hidden . u)
        self.assertGreater(abs(score), 1e-3)
        self.assertAlmostEqual(score / -slope, 1.0, places=2)

    # (e) the written file: exact names, dtypes, shapes and metadata
    def test_written_file_layout(self):
        model = TinyLM(seed=6)
        samples = random_samples(5, seed=12)
        monitors = self.monitors()[:2]
        batches = sample_risk.batch_token_lists(samples, 2, pool_lengths=[len(x) - 1 for x in samples])
        out = sample_risk.score_samples(model, model.blocks, batches, monitors)
        path = self.path("risk.safetensors")
        files = ["data/a.jsonl", "./b.jsonl"]
        sample_risk.write_sample_risk(path, out, monitors, files, [1, 2, 4, 1, 3], [0, 0, 0, 1, 1], "tiny/lm")
        with open(path, "rb") as f:
            blob = f.read()
        (n,) = struct.unpack("<Q", blob[:8])
        self.assertEqual(n % 8, 0)
        header = json.loads(blob[8: 8 + n])
        data = blob[8 + n:]
        self.assertEqual(set(header), {"__metadata__", "scores", "loss", "cosine", "line", "file"})
        expect = {"scores": ("F32", [5, 2]), "loss": ("F32", [5]), "cosine": ("F32", [5, 2]), "line": ("I32", [5]), "file": ("I32", [5])}
        for name, (dtype, shape) in expect.items():
            self.assertEqual(header[name]["dtype"], dtype, name)
            self.assertEqual(header[name]["shape"], shape, name)
        meta = header["__metadata__"]
        self.assertEqual(set(meta), {"format", "version", "monitors", "files", "method", "model", "layers", "pooling"})
        self.assertTrue(all(isinstance(v, str) for v in meta.values()))
        self.assertEqual(meta["format"], "monitor-gate/sample-risk")
        self.assertEqual(meta["version"], "1")
        self.assertEqual(meta["method"], "hidden-gradient")
        self.assertEqual(meta["model"], "tiny/lm")
        self.assertEqual(json.loads(meta["monitors"]), ["lin-mean", "mlp-last"])
        self.assertEqual(json.loads(meta["files"]), files)
        self.assertEqual(json.loads(meta["layers"]), [1, 2])
        self.assertEqual(json.loads(meta["pooling"]), ["mean", "last"])

        def read(name, fmt):
            a, b = header[name]["data_offsets"]
            return list(struct.unpack("<%d%s" % ((b - a) // 4, fmt), data[a:b]))

        self.assertEqual(read("line", "i"), [1, 2, 4, 1, 3])
        self.assertEqual(read("file", "i"), [0, 0, 0, 1, 1])
        scores = read("scores", "f")
        for i in range(5):
            for j in range(2):
                self.assertAlmostEqual(scores[i * 2 + j], out["scores"][i, j].item(), places=6)  # sample-major
        self.assertEqual(max(b for _, b in (header[k]["data_offsets"] for k in expect)), len(data))


class FakeTokenizer:
    """Byte-ish tokenizer with the slice of the transformers API the CLI uses (BOS 1, EOS 2, pad None)."""

    eos_token, eos_token_id, pad_token = "</s>", 2, None
    padding_side = "left"

    @property
    def pad_token_id(self):
        return self.eos_token_id if self.pad_token is not None else None

    def __call__(self, text, truncation=False, max_length=None):
        ids = [1] + [3 + (byte % (VOCAB - 3)) for byte in text.encode("utf-8")]
        return {"input_ids": ids[:max_length] if truncation and max_length else ids}


class FakeConfig:
    num_hidden_layers, hidden_size = 3, D


class CliEndToEnd(ProbeFiles):
    """extract_activations.py --score-samples with a stand-in `transformers` module (not installable here)."""

    def test_cli_writes_the_file_the_gate_reads(self):
        import types

        model = ObjectLM(seed=9)
        model.config = FakeConfig()
        fake = types.ModuleType("transformers")
        fake.AutoTokenizer = types.SimpleNamespace(from_pretrained=lambda *a, **k: FakeTokenizer())
        fake.AutoModelForCausalLM = types.SimpleNamespace(from_pretrained=lambda *a, **k: model)
        d = self.tmp.name
        a, b = os.path.join(d, "a.jsonl"), os.path.join(d, "b.jsonl")
        with open(a, "w") as f:
            f.write('{"text": "hello there"}\n\n{"prompt": "Q: x?", "completion": " y"}\n')
        with open(b, "w") as f:
            f.write('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
        out = os.path.join(d, "cli", "risk.safetensors")
        saved = sys.modules.get("transformers")
        sys.modules["transformers"] = fake
        try:
            extract_activations.main(["--model", "fake/tiny", "--score-samples", a, "--score-samples", b, "--batch-size", "2",
                                      "--monitor", "lin=1:mean:%s" % self.path("linear.onnx"),
                                      "--monitor", "mlp=2:last:%s" % self.path("mlp.onnx"), "--out", out])
        finally:
            if saved is None:
                del sys.modules["transformers"]
            else:
                sys.modules["transformers"] = saved
        with open(out, "rb") as f:
            blob = f.read()
        (n,) = struct.unpack("<Q", blob[:8])
        header = json.loads(blob[8: 8 + n])
        data = blob[8 + n:]

        def read(name, fmt):
            lo, hi = header[name]["data_offsets"]
            return list(struct.unpack("<%d%s" % ((hi - lo) // 4, fmt), data[lo:hi]))

        self.assertEqual(header["scores"]["shape"], [3, 2])
        self.assertEqual(read("line", "i"), [1, 3, 1])
        self.assertEqual(read("file", "i"), [0, 0, 1])
        self.assertEqual(json.loads(header["__metadata__"]["files"]), [a, b])
        self.assertEqual(json.loads(header["__metadata__"]["monitors"]), ["lin", "mlp"])
        self.assertEqual(header["__metadata__"]["model"], "fake/tiny")
        self.assertTrue(all(v != 0 for v in read("scores", "f")), "the EOS target gives 'last' a gradient")
        # the same numbers as the core on the same tokens (text tokens + EOS, pooling without the EOS)
        tok = FakeTokenizer()
        seqs = [tok(t)["input_ids"] for t in ("hello there", "Q: x? y", "hi\nyo")]
        monitors = [sample_risk.Monitor("lin", 1, "mean", sample_risk.load_probe_direction(self.path("linear.onnx"), D)),
                    sample_risk.Monitor("mlp", 2, "last", sample_risk.load_probe_direction(self.path("mlp.onnx"), D))]
        ref = sample_risk.score_samples(model, model.blocks, sample_risk.batch_token_lists([q + [2] for q in seqs], 3, 2, [len(q) for q in seqs]), monitors)
        for got, want in zip(read("scores", "f"), ref["scores"].reshape(-1).tolist()):
            self.assertAlmostEqual(got, want, places=5)


class Datasets(unittest.TestCase):
    def write(self, lines):
        f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        f.write("\n".join(lines) + "\n")
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    # (f) a bad line stops with file:line and the problem
    def test_bad_line_names_file_and_line(self):
        cases = [
            ('{"text": "fine"}', "", '{"text": "ok"', "not JSON"),
            ('{"text": "fine"}', '{"txt": "typo"}', '{"text": "x"}', "expected"),
            ('{"text": "fine"}', '{"messages": [{"role": "user"}]}', '{"text": "x"}', "expected"),
            ('{"text": "fine"}', '{"prompt": "p"}', '{"text": "x"}', "expected"),
            ('{"text": "fine"}', '{"text": ""}', '{"text": "x"}', "empty text"),
        ]
        for lines in cases:
            path = self.write(list(lines[:3]))
            bad_line = 3 if lines[1] == "" else 2
            with self.assertRaises(SystemExit) as caught:
                extract_activations.read_samples(path)
            message = str(caught.exception.code)
            self.assertTrue(message.startswith("%s:%d: " % (path, bad_line)), message)
            self.assertIn(lines[3], message)

    def test_sample_shapes(self):
        path = self.write([
            '{"text": "plain"}',
            "",
            '{"prompt": "Q: hi\\nA:", "completion": " hello"}',
            '{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}',
        ])
        self.assertEqual(extract_activations.read_samples(path), [(1, "plain"), (3, "Q: hi\nA: hello"), (4, "hi\nhello")])

    def test_monitor_spec(self):
        with tempfile.NamedTemporaryFile(suffix=".onnx") as f:
            self.assertEqual(extract_activations.parse_monitor("pii=12:last:%s" % f.name), ("pii", 12, "last", f.name))
            for bad in ("pii", "pii=12:mean", "pii=x:mean:%s" % f.name, "pii=1:sum:%s" % f.name, "pii=1:mean:/no/such.onnx"):
                with self.assertRaises(ValueError, msg=bad):
                    extract_activations.parse_monitor(bad)

    def test_i32_in_safetensors_writer(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "x.safetensors")
            extract_activations.write_safetensors(path, {"a": ("I32", [2], struct.pack("<2i", -1, 7))})
            with open(path, "rb") as f:
                blob = f.read()
            (n,) = struct.unpack("<Q", blob[:8])
            self.assertEqual(json.loads(blob[8: 8 + n])["a"]["dtype"], "I32")
            self.assertEqual(struct.unpack("<2i", blob[8 + n:]), (-1, 7))


if __name__ == "__main__":
    unittest.main()
