"""YAML loading that remembers the line of every mapping and key, so that a contract error can
name its file and line before any data is read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ContractError

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Node(dict):
    """A mapping that knows the file and line it came from and the line of each key."""

    path: str = ""
    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _LineLoader(_Base):  # type: ignore[misc,valid-type]
    source = ""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> Node:
    own = [k.value for k, _ in node.value if k.tag != "tag:yaml.org,2002:merge"]
    duplicates = {k for k in own if own.count(k) > 1}
    loader.flatten_mapping(node)  # merged ("<<") keys come first; the mapping's own keys win
    result = Node()
    result.path = loader.source
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int)):
            raise ContractError(loader.source, key_node.start_mark.line + 1, "keys must be text")
        key = str(key)
        if key in duplicates and key in result:
            raise ContractError(loader.source, key_node.start_mark.line + 1, f"duplicate key '{key}'")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
# Dates stay text: a contract checks its own dates (with file:line), and YAML's timestamp
# constructor would raise on 2024-13-45 with no line at all.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def load_yaml(path: str | Path) -> Any:
    """Load a contract file; a syntax error becomes a ContractError with file and line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContractError(str(path), None, "file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContractError(str(path), None, f"cannot be read ({exc.__class__.__name__})") from None
    loader = _LineLoader(text)
    loader.source = str(path)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContractError(str(path), line, f"invalid YAML: {exc.problem}") from None
    except (ValueError, TypeError) as exc:  # a scalar YAML cannot construct
        raise ContractError(str(path), None, f"invalid value: {exc}") from None
    finally:
        loader.dispose()


def expect_keys(node: Any, allowed: set[str], required: set[str], what: str) -> None:
    """Refuse unknown or missing keys of a mapping, naming the file and line."""
    if not isinstance(node, Node):
        raise ContractError(getattr(node, "path", "?"), None, f"{what} must be a mapping")
    for key in node:
        if key not in allowed:
            hint = _closest(key, allowed)
            extra = f" (did you mean '{hint}'?)" if hint else ""
            raise ContractError(node.path, node.line_of(key), f"unknown key '{key}' in {what}{extra}")
    for key in sorted(required - set(node)):
        raise ContractError(node.path, node.line, f"{what} lacks required key '{key}'")


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return match[0] if match else None
