"""Writes the JSON fixtures of the reference scripts: indent 2, arrays of scalars on one line, so
they stay small and diffable."""
import json
import os
import re

_SCALAR_ARRAY = re.compile(r"\[\s*([^\[\]{}]*?)\s*\]", re.S)


def compact_arrays(text):
    """Puts arrays of scalars on one line."""
    return _SCALAR_ARRAY.sub(lambda m: "[" + ", ".join(p.strip() for p in m.group(1).split(",")) + "]" if m.group(1).strip() else "[]", text)


def write_fixture(path, data, allow_nan=True):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(compact_arrays(json.dumps(data, indent=2, allow_nan=allow_nan)) + "\n")
