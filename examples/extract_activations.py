#!/usr/bin/env python3
"""Write the activation batches monitor-gate reads, from a Hugging Face transformers model.

Run it once for the base model and once for the updated model, on the same prompt files, so both
sides have the same rows in the same order:

  python extract_activations.py --model org/base-7b --layers 6,12 \\
      --prompts pii.eval=data/pii.jsonl --prompts refusal.eval=data/refusal.jsonl --out acts/base
  python extract_activations.py --model org/base-7b --adapter adapters/lora-v2 --layers 6,12 \\
      --prompts pii.eval=data/pii.jsonl --prompts refusal.eval=data/refusal.jsonl --out acts/updated

Each prompt file is JSONL, one labeled prompt per line: {"text": "...", "label": 1}  (label 0 or 1).

Forward hooks on the decoder blocks capture the hidden states; they are pooled over the attention
mask (mean by default, or last token, or max: use the pooling your probes were trained with) and
written as acts/<side>/layer<L>.safetensors holding, for every prompt set NAME:
  NAME         float32 [N, D]  pooled hidden states, one row per prompt, in file order
  NAME.labels  uint8   [N]     the labels
Layer L is the output of decoder block L (0-based), i.e. hidden_states[L + 1] with output_hidden_states.
The gate config then reads them as
    batch: layer12.safetensors#pii.eval
    labels: "#pii.eval.labels"

Screening fine-tuning data (sample-level risk): before training, score every sample of the
fine-tuning datasets by how hard its training step pushes each monitor's pooled hidden state along
the monitor's probe direction (see sample_risk.py, beside this file):

  python extract_activations.py --model org/base-7b \\
      --score-samples data/train.jsonl --score-samples data/extra.jsonl \\
      --monitor pii-email=12:mean:probes/pii-email.onnx --monitor refusal=6:last:probes/refusal.onnx \\
      --out sample-risk.safetensors

Each dataset is JSONL, one sample per line: {"text": "..."}, or {"prompt": "...", "completion": "..."}
(scored as prompt + completion), or {"messages": [{"role": ..., "content": "..."}, ...]} (contents
joined with newlines). --monitor is ID=LAYER:POOLING:PROBE.onnx (LAYER as --layers, POOLING mean, last
or max as the probe was trained). The output is one safetensors file:
  scores  float32 [S, M]  signed push of each sample on each monitor (positive: toward the probe's
                          positive side), columns in --monitor order
  loss    float32 [S]     the sample's mean token LM loss under the model
  cosine  float32 [S, M]  cosine of the sample's pooled activation with the monitor's direction
  line    int32   [S]     1-based line of the sample in its dataset file
  file    int32   [S]     index into the metadata's files list
with __metadata__ format=monitor-gate/sample-risk, version=1, monitors, files, layers, pooling (JSON
arrays), method=hidden-gradient and model. Each sample is scored with an end-of-sequence token
appended as a training target (pooling leaves it out), so the last token, which 'last' pooling reads,
gets a gradient too. Scoring runs in float32 unless --dtype says otherwise.

Needs torch and transformers (and peft for --adapter). --help works without them.
"""
import argparse
import json
import os
import struct
import sys


def write_safetensors(path, tensors, metadata=None):
    """Writes a safetensors file. tensors: {name: (dtype, shape, little-endian bytes)}, dtype 'F32', 'I32' or 'U8'."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    names = sorted(tensors)
    for name in names:
        dtype, shape, data = tensors[name]
        itemsize = {"F32": 4, "I32": 4, "U8": 1}[dtype]
        count = 1
        for dim in shape:
            count *= dim
        if len(data) != count * itemsize:
            raise ValueError("%s: %d bytes, but %s %s needs %d" % (name, len(data), dtype, list(shape), count * itemsize))
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    blob = json.dumps(header, separators=(",", ":")).encode("utf-8")
    blob += b" " * (-len(blob) % 8)  # the data section starts 8-byte aligned
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(blob)))
        f.write(blob)
        for name in names:
            f.write(tensors[name][2])
    os.replace(tmp, path)


def jsonl_rows(path):
    """(line number, parsed row) for every non-blank line of a JSONL file; stops with file:line on bad JSON."""
    try:
        f = open(path, encoding="utf-8")
    except OSError as error:
        sys.exit("%s: cannot read (%s)" % (path, error.strerror or error))
    with f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except ValueError as error:
                sys.exit("%s:%d: not JSON (%s)" % (path, number, error))


def read_prompts(path):
    """[(text, label)] from a JSONL file; a bad line stops with file:line and the problem."""
    rows = []
    for number, row in jsonl_rows(path):
        text = row.get("text") if isinstance(row, dict) else None
        label = row.get("label") if isinstance(row, dict) else None
        if not isinstance(text, str) or type(label) is not int or label not in (0, 1):
            sys.exit('%s:%d: expected {"text": "...", "label": 0 or 1}' % (path, number))
        rows.append((text, label))
    if not rows or len({label for _, label in rows}) < 2:
        sys.exit("%s: needs labeled prompts of both classes" % path)
    return rows


def sample_text(row):
    """The text of one fine-tuning sample, or None when the row has none of the known shapes."""
    if not isinstance(row, dict):
        return None
    if "text" in row:
        return row["text"] if isinstance(row["text"], str) else None
    if "prompt" in row or "completion" in row:
        prompt, completion = row.get("prompt"), row.get("completion")
        return prompt + completion if isinstance(prompt, str) and isinstance(completion, str) else None
    if "messages" in row:
        messages = row["messages"]
        if not isinstance(messages, list) or not messages:
            return None
        contents = [m.get("content") if isinstance(m, dict) else None for m in messages]
        return "\n".join(contents) if all(isinstance(c, str) for c in contents) else None
    return None


def read_samples(path):
    """[(line, text)] from a JSONL dataset of fine-tuning samples; a bad line stops with file:line and the problem."""
    rows = []
    for number, row in jsonl_rows(path):
        text = sample_text(row)
        if text is None:
            sys.exit('%s:%d: expected {"text": "..."}, {"prompt": "...", "completion": "..."} or {"messages": [{"content": "..."}, ...]}' % (path, number))
        if not text:
            sys.exit("%s:%d: empty text" % (path, number))
        rows.append((number, text))
    if not rows:
        sys.exit("%s: no samples" % path)
    return rows


def parse_monitor(spec):
    """ID=LAYER:POOLING:PROBE.onnx -> (id, layer, pooling, path); ValueError with the problem."""
    mid, sep, rest = spec.partition("=")
    parts = rest.split(":", 2)
    if not sep or not mid or len(parts) != 3 or not parts[2]:
        raise ValueError("--monitor takes ID=LAYER:POOLING:PROBE.onnx, got %r" % spec)
    layer, pooling, path = parts
    try:
        layer = int(layer)
    except ValueError:
        raise ValueError("--monitor %s: LAYER must be a decoder block index, got %r" % (mid, layer))
    if layer < 0:
        raise ValueError("--monitor %s: LAYER must be >= 0, got %d" % (mid, layer))
    if pooling not in ("mean", "last", "max"):
        raise ValueError("--monitor %s: POOLING must be mean, last or max, got %r" % (mid, pooling))
    if not os.path.isfile(path):
        raise ValueError("--monitor %s: no such probe file %s" % (mid, path))
    return mid, layer, pooling, path


def decoder_blocks(model):
    """The model's list of decoder blocks (Llama/Mistral/Qwen/Gemma, GPT-2, GPT-NeoX, OPT, ...)."""
    import torch

    for path in ("model.layers", "model.model.layers", "transformer.h", "gpt_neox.layers", "model.decoder.layers", "base_model.model.model.layers"):
        obj = model
        for part in path.split("."):
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if isinstance(obj, torch.nn.ModuleList):
            return obj
    n = getattr(model.config, "num_hidden_layers", None)
    for module in model.modules():
        if isinstance(module, torch.nn.ModuleList) and len(module) == n:
            return module
    sys.exit("cannot find the decoder blocks of %s" % type(model).__name__)


def pool(hidden, mask, how):
    """Pooled hidden states [B, D] over the right-padded mask [B, T]: mean, max or last token."""
    from sample_risk import pool as pool_rows  # beside this file; imported here so --help needs no torch

    return pool_rows(hidden, mask, how)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="model id or folder")
    parser.add_argument("--revision", help="model revision (branch, tag or commit)")
    parser.add_argument("--adapter", help="PEFT adapter (e.g. LoRA) applied on top of --model")
    parser.add_argument("--layers", help="comma-separated decoder block indices, e.g. 6,12")
    parser.add_argument("--prompts", action="append", metavar="NAME=FILE.jsonl", help="a prompt set; repeat for more")
    parser.add_argument("--out", required=True, help="folder for layer<L>.safetensors (with --score-samples: the output FILE.safetensors)")
    parser.add_argument("--pooling", choices=["mean", "last", "max"], default="mean")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--dtype", choices=["float32", "float16", "bfloat16"], default=None, help="default: bfloat16; float32 with --score-samples")
    parser.add_argument("--device", default=None, help="default: cuda when available")
    parser.add_argument("--score-samples", action="append", metavar="DATASET.jsonl",
                        help="score the samples of a fine-tuning dataset against the --monitor probes instead; repeat for more")
    parser.add_argument("--monitor", action="append", metavar="ID=LAYER:POOLING:PROBE.onnx", help="with --score-samples: a monitor; repeat for more")
    args = parser.parse_args(argv)
    if args.score_samples:
        return score_main(parser, args)
    if args.monitor:
        parser.error("--monitor needs --score-samples")
    if not args.layers or not args.prompts:
        parser.error("the following arguments are required: --layers, --prompts (or --score-samples with --monitor)")
    args.dtype = args.dtype or "bfloat16"

    layers = sorted({int(x) for x in args.layers.split(",") if x.strip()})
    sets = []
    for spec in args.prompts:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            parser.error("--prompts takes NAME=FILE.jsonl, got %r" % spec)
        sets.append((name, read_prompts(path)))

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(args.model, revision=args.revision)
    tokenizer.padding_side = "right"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(args.model, revision=args.revision, torch_dtype=getattr(torch, args.dtype))
    if args.adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, args.adapter)
    model.to(device).eval()

    blocks = decoder_blocks(model)
    captured = {}

    def hook_for(layer):
        def hook(module, inputs, output):
            captured[layer] = (output[0] if isinstance(output, tuple) else output).detach()

        return hook

    handles = [blocks[layer].register_forward_hook(hook_for(layer)) for layer in layers]
    tensors = {layer: {} for layer in layers}
    try:
        for name, rows in sets:
            pooled = {layer: [] for layer in layers}
            for start in range(0, len(rows), args.batch_size):
                texts = [text for text, _ in rows[start : start + args.batch_size]]
                enc = tokenizer(texts, padding=True, truncation=True, max_length=args.max_length, return_tensors="pt").to(device)
                with torch.no_grad():
                    model(**enc)
                for layer in layers:
                    pooled[layer].append(pool(captured[layer], enc["attention_mask"], args.pooling).float().cpu())
            labels = bytes(label for _, label in rows)
            for layer in layers:
                acts = torch.cat(pooled[layer]).contiguous()
                tensors[layer][name] = ("F32", list(acts.shape), acts.numpy().astype("<f4").tobytes())
                tensors[layer][name + ".labels"] = ("U8", [len(rows)], labels)
            print("%s: %d prompts" % (name, len(rows)), file=sys.stderr)
    finally:
        for handle in handles:
            handle.remove()

    os.makedirs(args.out, exist_ok=True)
    for layer in layers:
        metadata = {"model": args.model, "revision": args.revision or "", "adapter": args.adapter or "", "layer": layer, "pooling": args.pooling}
        path = os.path.join(args.out, "layer%d.safetensors" % layer)
        write_safetensors(path, tensors[layer], metadata)
        print("wrote %s" % path, file=sys.stderr)


def score_main(parser, args):
    """--score-samples: one monitor-gate/sample-risk safetensors file (see sample_risk.py)."""
    if args.layers or args.prompts:
        parser.error("--score-samples takes --monitor, not --layers/--prompts")
    if not args.monitor:
        parser.error("--score-samples needs at least one --monitor ID=LAYER:POOLING:PROBE.onnx")
    monitors = []
    for spec in args.monitor:
        try:
            monitors.append(parse_monitor(spec))
        except ValueError as error:
            parser.error(str(error))
    ids = [m[0] for m in monitors]
    if len(set(ids)) != len(ids):
        parser.error("--monitor ids must be unique, got %s" % ", ".join(ids))
    samples = []  # (file index, line, text)
    for index, path in enumerate(args.score_samples):
        samples.extend((index, line, text) for line, text in read_samples(path))

    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    import sample_risk

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(args.model, revision=args.revision)
    tokenizer.padding_side = "right"
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model = AutoModelForCausalLM.from_pretrained(args.model, revision=args.revision, torch_dtype=getattr(torch, args.dtype or "float32"))
    if args.adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, args.adapter)
    model.to(device).eval()
    blocks = decoder_blocks(model)
    width = getattr(model.config, "hidden_size", None)
    resolved = []
    for mid, layer, pooling, path in monitors:
        if layer >= len(blocks):
            sys.exit("--monitor %s: layer %d, but %s has %d decoder blocks" % (mid, layer, args.model, len(blocks)))
        try:
            direction = sample_risk.load_probe_direction(path, width)
        except sample_risk.ProbeError as error:
            sys.exit(str(error))
        resolved.append(sample_risk.Monitor(mid, layer, pooling, direction))

    # Each sample as the monitors would read it (the tokens extraction pools over), plus an EOS target, so
    # that the last token (what 'last' pooling reads) is trained too; pooling leaves the EOS out.
    eos = tokenizer.eos_token_id
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (eos or 0)
    sequences, pool_lengths = [], []
    for _, _, text in samples:
        tokens = list(tokenizer(text, truncation=True, max_length=args.max_length)["input_ids"])
        pool_lengths.append(len(tokens))
        sequences.append(tokens + [eos] if eos is not None and (not tokens or tokens[-1] != eos) else tokens)

    def batches():
        for start, batch in zip(range(0, len(samples), args.batch_size),
                                sample_risk.batch_token_lists(sequences, args.batch_size, pad, pool_lengths)):
            yield batch
            done = min(start + args.batch_size, len(samples))
            if done % (args.batch_size * 20) < args.batch_size or done == len(samples):
                print("scored %d/%d samples" % (done, len(samples)), file=sys.stderr)

    result = sample_risk.score_samples(model, blocks, batches(), resolved, device=device)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    sample_risk.write_sample_risk(args.out, result, resolved, args.score_samples,
                                  [line for _, line, _ in samples], [index for index, _, _ in samples], args.model)
    print("wrote %s: %d samples x %d monitors" % (args.out, len(samples), len(resolved)), file=sys.stderr)


if __name__ == "__main__":
    main()
