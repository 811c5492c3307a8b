"""YAML reading for knowledge files: YAML 1.2 booleans, duplicate-key detection, line numbers.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` are booleans: ``commercial_use:
yes`` would become ``True`` and a language key ``no`` (Norwegian) would become ``False``. Here only
``true`` and ``false`` are booleans. Mappings come back as :class:`LineDict`, which remembers the
line of the mapping and of each key, so errors can point at the line to fix.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

__all__ = ["DuplicateKeyError", "LineDict", "YamlLimitError", "load_yaml", "malformed"]

_Base: type[yaml.SafeLoader]
try:  # libyaml's parser when available: several times faster on large files
    _Base = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader


class LineDict(dict[Any, Any]):
    """A dict that knows the 1-based line it starts on and the line of each key."""

    line: int
    key_lines: dict[Any, int]


class DuplicateKeyError(yaml.YAMLError):
    def __init__(self, key: object, first_line: int, line: int) -> None:
        super().__init__(
            f"key '{key}' appears twice in one mapping (lines {first_line} and {line})"
        )
        self.line = line


class _Loader(_Base):  # type: ignore[valid-type,misc]
    pass


# Replace the YAML 1.1 bool resolver with a YAML 1.2 one (true/false only).
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result.key_lines:
            raise DuplicateKeyError(key, result.key_lines[key], line)
        result.key_lines[key] = line
        result[key] = loader.construct_object(value_node, deep=True)
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlLimitError(yaml.YAMLError):
    """A document over the node or depth limits of :mod:`recommender.inputs`."""


def load_yaml(text: str) -> Any:
    """Parse one YAML document with the rules above, refusing documents over the node and depth
    limits (:data:`~recommender.inputs.MAX_YAML_NODES`, :data:`~recommender.inputs.MAX_YAML_DEPTH`)
    before any Python object is built from them."""
    from ..inputs import check_yaml_limits

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        why = check_yaml_limits(node)
        if why is not None:
            raise YamlLimitError(f"YAML too large: {why}")
        return loader.construct_document(node)
    finally:
        loader.dispose()


def malformed(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The 1-based line and a readable message for a YAML syntax error."""
    if isinstance(exc, YamlLimitError):
        return None, str(exc)
    mark = getattr(exc, "problem_mark", None)
    reason = getattr(exc, "problem", None) or str(exc)
    return (mark.line + 1 if mark is not None else None), f"malformed YAML: {reason}"
