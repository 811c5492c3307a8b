"""The input boundary: every file modelrec reads passes through here.

Questionnaires, knowledge files, prompt files, decision records (JSON) and texts given on the
command line are read with a size limit (:data:`MAX_BYTES`, checked before the whole file is in
memory, so ``/dev/zero`` stops at the limit), decoded as UTF-8 with a message that names the file
and the first bad byte's position, and, for YAML, parsed with node and depth limits
(:data:`MAX_YAML_NODES`, :data:`MAX_YAML_DEPTH`; an alias counts as the nodes it repeats, so an
"entity expansion" bomb is refused). A value echoed in an error is shortened with :func:`echo`
and has its control characters replaced with :func:`printable`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from .errors import ModelrecError

__all__ = [
    "MAX_BYTES",
    "MAX_ID_CHARS",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "InputFileError",
    "decode_utf8",
    "echo",
    "printable",
    "read_bytes",
    "read_text",
    "safetensors_counts",
]

#: Largest file accepted, per kind of file (bytes).
MAX_BYTES: dict[str, int] = {
    "questionnaire": 256 * 1024,
    "knowledge": 16 * 1024 * 1024,
    "prompts": 16 * 1024 * 1024,
    "decision": 32 * 1024 * 1024,
    "text": 16 * 1024 * 1024,
}
#: Most YAML nodes (scalars, lists, mappings; an alias counts as the nodes it repeats) in a file.
MAX_YAML_NODES = 1_000_000
#: Deepest nesting of lists and mappings in a YAML file.
MAX_YAML_DEPTH = 64
#: Longest id (a task, GPU, maker, prompt id ...) accepted, in characters.
MAX_ID_CHARS = 200

#: Characters never printed raw: C0 controls but newline and tab, DEL, C1 controls (terminal
#: escape sequences), line separators and bidirectional overrides.
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


class InputFileError(ModelrecError):
    """A file that cannot be read as input: missing, too large, not UTF-8. ``reason`` is the
    message without the file name; ``code`` and ``params`` say it for programs."""

    code: str

    def __init__(
        self, file: str, reason: str, code: str, params: dict[str, Any] | None = None
    ) -> None:
        self.file = file
        self.reason = reason
        self.code = code
        self.params = dict(params or {})
        shown = echo(file, 200)
        super().__init__(
            reason if reason.startswith(f"cannot read {shown}") else f"{shown}: {reason}"
        )


def printable(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with control characters (terminal escape sequences, bidi overrides) replaced by
    ``\\xNN``-style escapes; newlines and tabs kept when ``keep_newlines``."""

    def escape(m: re.Match[str]) -> str:
        ch = m.group()
        return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"

    if not keep_newlines:
        text = text.replace("\n", "\\n").replace("\t", "\\t")
    return CONTROL_CHARACTERS.sub(escape, text)


def echo(value: object, limit: int = 60) -> str:
    """A user's value for an error message: printable and at most ``limit`` characters."""
    text = printable(value if isinstance(value, str) else repr(value), keep_newlines=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _limit(kind: str) -> int:
    return MAX_BYTES.get(kind, MAX_BYTES["text"])


def read_bytes(path: str | os.PathLike[str], kind: str) -> bytes:
    """The bytes of a file, at most :data:`MAX_BYTES` ``[kind]``; raises :class:`InputFileError`."""
    file = Path(path)
    limit = _limit(kind)
    try:
        with file.open("rb") as f:
            data = f.read(limit + 1)
    except IsADirectoryError:
        raise InputFileError(
            str(file), f"is a directory, not a {kind} file", "unreadable"
        ) from None
    except OSError as exc:
        raise InputFileError(
            str(file), f"cannot read {echo(str(file), 200)}: {exc.strerror or exc}", "unreadable"
        ) from None
    if len(data) > limit:
        raise InputFileError(
            str(file),
            f"larger than the {limit:,} bytes ({limit // 1024:,} KiB) a {kind} file may have; "
            "remove what is not needed",
            "too_large",
            {"limit_bytes": limit},
        )
    return data


def decode_utf8(data: bytes, name: str) -> str:
    """``data`` as UTF-8 text (a leading BOM is dropped); a bad byte raises
    :class:`InputFileError` with its position."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputFileError(
            name,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} at position {exc.start} (line {line}) "
            f"is {exc.reason}; save the file as UTF-8",
            "not_utf8",
            {"byte": data[exc.start], "position": exc.start, "line": line},
        ) from None


def read_text(path: str | os.PathLike[str], kind: str) -> str:
    """A UTF-8 text file within the size limit of ``kind``."""
    return decode_utf8(read_bytes(path, kind), str(path))


def check_yaml_limits(
    root: Any, *, max_nodes: int = MAX_YAML_NODES, max_depth: int = MAX_YAML_DEPTH
) -> str | None:
    """Why a composed YAML node graph is too large or too deep, or None. Aliases count as the
    nodes they repeat (sizes are memoised, so the walk itself stays linear; a node that contains
    itself is refused as too deep)."""
    sizes: dict[int, int] = {}

    class _Over(Exception):
        pass

    def size(node: Any, depth: int) -> int:
        if node.id == "scalar":
            return 1
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > max_depth:
            raise _Over(f"nested deeper than {max_depth} levels")
        total = 1
        if node.id == "mapping":
            for key, value in node.value:
                total += size(key, depth + 1) + size(value, depth + 1)
        else:
            for item in node.value:
                total += size(item, depth + 1)
        if total > max_nodes:
            raise _Over(f"more than {max_nodes:,} values (aliases count as what they repeat)")
        sizes[id(node)] = total
        return total

    try:
        size(root, 1)
    except _Over as exc:
        return str(exc)
    return None


#: A safetensors header (JSON, after an 8-byte length) longer than this is not one.
MAX_SAFETENSORS_HEADER = 100_000_000


def safetensors_counts(path: Path) -> dict[str, int]:
    """Parameters per dtype in a safetensors file, from its header alone (8-byte little-endian
    length, then JSON naming each tensor's dtype and shape): no weights are read. Raises
    ValueError naming the file when it is not a safetensors file."""
    import json
    import math
    import struct

    with path.open("rb") as f:
        head = f.read(8)
        if len(head) != 8:
            raise ValueError(f"{path}: too short for a safetensors file")
        (size,) = struct.unpack("<Q", head)
        if size > MAX_SAFETENSORS_HEADER:
            raise ValueError(f"{path}: not a safetensors file (header of {size} bytes)")
        raw = f.read(size)
    try:
        header = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise ValueError(f"{path}: the safetensors header is not JSON") from None
    counts: dict[str, int] = {}
    for name, tensor in header.items():
        if name == "__metadata__" or not isinstance(tensor, dict):
            continue
        dtype = str(tensor.get("dtype"))
        counts[dtype] = counts.get(dtype, 0) + math.prod(int(d) for d in tensor.get("shape", []))
    return counts
