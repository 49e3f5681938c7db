"""Read a registry's YAML safely: bounded size, bounded aliases, no silent duplicates.

Why: ``yaml.safe_load`` is safe from code execution but not from size. An alias bomb (a few lines
of nested anchors) expands to billions of nodes once anything walks it; one ran 95 s into a
``MemoryError``. Here the file's size is checked before reading, aliases are counted as the
node graph is walked, and the graph's *expanded* size is computed (linear in the stored nodes,
memoized per node) before a single Python object is built; a bomb is refused in milliseconds.

Also: implicit timestamps are off (``2025-02-30`` stays a string, so the schema can say "not a
calendar date" instead of the YAML library raising), and a key repeated in one mapping is refused
(YAML keeps the last one silently, which hides a typo such as two ``claimed`` lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from helpers.errors import Problem, RegistryError

MAX_BYTES = 1_000_000  # the largest registry today is about 30 kB
MAX_ALIASES = 100  # registries need none; a few are harmless
MAX_NODES = 200_000  # nodes after expanding every alias


# libyaml's parser and composer (C) when PyYAML was built with it, as the PyPI wheels are: composing
# the article's registry in pure Python took about 35 ms, most of the time of loading it.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader without implicit timestamps (aliases are counted in :func:`_check_graph`, where
    the C composer cannot be hooked)."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def read(path: Path) -> tuple[Any, yaml.Node | None]:
    """The document and its node graph (for line numbers); RegistryError on any defect."""
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise RegistryError(
                Problem(name, 0, "", f"{size} bytes; a registry is at most {MAX_BYTES}")
            )
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegistryError(Problem(name, 0, "", f"cannot read: {exc}")) from None
    loader = None
    try:
        loader = _Loader(text)  # its reader refuses control characters here
        node = loader.get_single_node()
        if node is None:
            return None, None
        _check_graph(node, name)
        return loader.construct_document(node), node
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        where = f"column {mark.column + 1}: " if mark else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RegistryError(Problem(name, line, "", f"YAML syntax error: {where}{what}")) from None
    except RecursionError:
        raise RegistryError(Problem(name, 0, "", "YAML nested too deeply")) from None
    finally:
        if loader is not None:
            loader.dispose()


def _check_graph(root: yaml.Node, name: str) -> None:
    """Refuse recursive aliases, more than MAX_ALIASES aliases, graphs that expand past MAX_NODES,
    and duplicate keys.

    In the composed graph an alias is a second reference to its anchor's node, so every visit of a
    node already measured is one alias; it is reported at the line of the collection holding it.
    """
    size: dict[int, int] = {}
    active: set[int] = set()
    aliases = 0

    def expanded(node: yaml.Node, parent: yaml.Node) -> int:
        nonlocal aliases
        key = id(node)
        if key in size:
            aliases += 1
            if aliases > MAX_ALIASES:
                msg = f"more than {MAX_ALIASES} YAML aliases; refused"
                raise RegistryError(Problem(name, _line(parent), "", msg))
            return size[key]
        if key in active:
            raise RegistryError(Problem(name, _line(node), "", "recursive YAML alias; refused"))
        active.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode):
                    if k.value in seen:
                        msg = f"duplicate key {k.value!r} (YAML would keep only the last)"
                        raise RegistryError(Problem(name, _line(k), "", msg))
                    seen.add(k.value)
                total += expanded(k, node) + expanded(v, node)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(expanded(v, node) for v in node.value)
        if total > MAX_NODES:
            msg = f"the YAML expands to more than {MAX_NODES} nodes (an alias bomb?); refused"
            raise RegistryError(Problem(name, _line(node), "", msg))
        active.discard(key)
        size[key] = total
        return total

    expanded(root, root)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def line_of(node: yaml.Node | None, loc: tuple) -> int:
    """The line of the deepest node on path ``loc`` (mapping keys, list indexes); 0 if none."""
    best = 0
    while node is not None:
        best = _line(node)
        if not loc:
            break
        head, loc = loc[0], loc[1:]
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(head):
                    nxt = v if loc else k
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(head, int):
            nxt = node.value[head] if 0 <= head < len(node.value) else None
        node = nxt
    return best
