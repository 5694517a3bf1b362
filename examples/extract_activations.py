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

Needs torch and transformers (and peft for --adapter). --help works without them.
"""
import argparse
import json
import os
import struct
import sys


def write_safetensors(path, tensors, metadata=None):
    """Writes a safetensors file. tensors: {name: (dtype, shape, little-endian bytes)}, dtype 'F32' or 'U8'."""
    header = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    offset = 0
    names = sorted(tensors)
    for name in names:
        dtype, shape, data = tensors[name]
        itemsize = {"F32": 4, "U8": 1}[dtype]
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


def read_prompts(path):
    """[(text, label)] from a JSONL file; a bad line stops with file:line and the problem."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as error:
                sys.exit("%s:%d: not JSON (%s)" % (path, number, error))
            text = row.get("text") if isinstance(row, dict) else None
            label = row.get("label") if isinstance(row, dict) else None
            if not isinstance(text, str) or type(label) is not int or label not in (0, 1):
                sys.exit('%s:%d: expected {"text": "...", "label": 0 or 1}' % (path, number))
            rows.append((text, label))
    if not rows or len({label for _, label in rows}) < 2:
        sys.exit("%s: needs labeled prompts of both classes" % path)
    return rows


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
    import torch

    mask = mask.unsqueeze(-1).to(hidden.dtype)
    if how == "mean":
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
    if how == "max":
        return hidden.masked_fill(mask == 0, float("-inf")).max(1).values
    last = mask.squeeze(-1).sum(1).long() - 1  # right padding: the last real token
    return hidden[torch.arange(hidden.shape[0], device=hidden.device), last]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", required=True, help="model id or folder")
    parser.add_argument("--revision", help="model revision (branch, tag or commit)")
    parser.add_argument("--adapter", help="PEFT adapter (e.g. LoRA) applied on top of --model")
    parser.add_argument("--layers", required=True, help="comma-separated decoder block indices, e.g. 6,12")
    parser.add_argument("--prompts", action="append", required=True, metavar="NAME=FILE.jsonl", help="a prompt set; repeat for more")
    parser.add_argument("--out", required=True, help="folder for layer<L>.safetensors")
    parser.add_argument("--pooling", choices=["mean", "last", "max"], default="mean")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--max-length", type=int, default=512)
    parser.add_argument("--dtype", choices=["float32", "float16", "bfloat16"], default="bfloat16")
    parser.add_argument("--device", default=None, help="default: cuda when available")
    args = parser.parse_args(argv)

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


if __name__ == "__main__":
    main()
