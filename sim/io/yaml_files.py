"""Reading YAML safely: duplicate keys, line numbers, and limits on size, nesting, aliases and special files."""

from pathlib import Path
from typing import Any

import yaml

from sim.errors import InputError

MAX_FILE_BYTES = 2_000_000
MAX_NESTING_DEPTH = 64  # scenario files nest about 6 levels; 10,000 levels would exhaust Python's stack
MAX_EXPANDED_VALUES = 200_000  # a 28-district region expands to about 3,000 values; aliases may not multiply that
SPECIAL_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))

# Where each key path came from: "a.b.c" -> (file, line).
Provenance = dict[str, tuple[str, int]]


def line_of(lines: Provenance, key_path: str) -> int | None:
    """Return the line of a key path, or of its nearest parent that has one (None if no part of it has)."""
    probe = key_path
    while probe:
        if probe in lines:
            return lines[probe][1]
        probe = probe.rpartition(".")[0]
    return None


class _SafeLoader(yaml.SafeLoader):
    """A safe loader that rejects duplicate keys and nesting deeper than MAX_NESTING_DEPTH."""

    source_name = "<input>"
    mapping_paths: dict[int, str] = {}  # set per document: id of a mapping node -> its key path
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:  # type: ignore[override]
        self.depth += 1
        try:
            if self.depth > MAX_NESTING_DEPTH:
                line = self.peek_event().start_mark.line + 1  # type: ignore[no-untyped-call]
                message = f"nested deeper than {MAX_NESTING_DEPTH} levels; a scenario needs far fewer"
                raise InputError(self.source_name, "", message, line)
            return super().compose_node(parent, index)  # type: ignore[no-untyped-call, no-any-return]
        finally:
            self.depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        seen: dict[Any, int] = {}
        prefix = self.mapping_paths.get(id(node), "")
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # keys merged in with '<<' may be overridden on purpose
            key = self.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            line = key_node.start_mark.line + 1
            if key in seen:
                key_path = f"{prefix}.{key}" if prefix else str(key)
                raise InputError(self.source_name, key_path, f"duplicate key (first defined on line {seen[key]})", line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


def _children(node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    """Return (key text, child node) pairs; a sequence's keys are its indices."""
    if isinstance(node, yaml.MappingNode):
        return [(str(key_node.value), value_node) for key_node, value_node in node.value]
    if isinstance(node, yaml.SequenceNode):
        return [(str(index), item) for index, item in enumerate(node.value)]
    return []


def _expanded_sizes(root: yaml.Node, source_name: str) -> dict[int, int]:
    """Return how many values each node stands for once aliases are expanded (memoised, iterative).

    Raises:
        InputError: if an alias refers to a node that contains it (an infinite document).
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool, str]] = [(root, False, "")]
    while stack:
        node, children_done, key_path = stack.pop()
        if children_done:
            on_path.discard(id(node))
            sizes[id(node)] = 1 + sum(sizes[id(child)] for _, child in _children(node))
            continue
        if id(node) in sizes:
            continue
        if id(node) in on_path:
            message = "an alias refers to a list or mapping that contains it"
            raise InputError(source_name, key_path, message, node.start_mark.line + 1)
        on_path.add(id(node))
        stack.append((node, True, key_path))
        for key, child in _children(node):
            if id(child) not in sizes:
                stack.append((child, False, f"{key_path}.{key}" if key_path else key))
    return sizes


def _check_expansion(root: yaml.Node, source_name: str) -> None:
    """Refuse documents whose aliases multiply into more values than any real scenario holds."""
    sizes = _expanded_sizes(root, source_name)
    if sizes[id(root)] <= MAX_EXPANDED_VALUES:
        return
    key_path, node = "", root
    # Name the first top-level entry that is too big: that is where a reader should look.
    for key, child in _children(root):
        if sizes[id(child)] > MAX_EXPANDED_VALUES:
            key_path, node = key, child
            break
    message = f"aliases expand to more than {MAX_EXPANDED_VALUES:,} values (an alias bomb?)"
    raise InputError(source_name, key_path, message, node.start_mark.line + 1)


def _mapping_paths(root: yaml.Node) -> dict[int, str]:
    """Return the key path of every mapping node, so that a duplicate key can be named in full."""
    paths: dict[int, str] = {}
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if id(node) in paths:
            continue  # an alias: each node once
        paths[id(node)] = prefix
        stack.extend((child, f"{prefix}.{key}" if prefix else key) for key, child in _children(node))
    return paths


def _record_lines(root: yaml.Node, file: str) -> Provenance:
    """Return the line of every key path (each node walked once; an alias site keeps its own key line)."""
    lines: Provenance = {}
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    while stack:
        node, prefix = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                path = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
                lines[path] = (file, key_node.start_mark.line + 1)
                stack.append((value_node, path))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                path = f"{prefix}.{index}"
                lines[path] = (file, item.start_mark.line + 1)
                stack.append((item, path))
    return lines


def is_special_file(path: Path) -> bool:
    """Return whether path lies under /proc, /sys or /dev (reading those can block, fail or leak)."""
    resolved = path.resolve()
    return any(resolved == folder or folder in resolved.parents for folder in SPECIAL_FOLDERS)


def read_yaml(path: Path) -> tuple[dict[str, Any], Provenance]:
    """Read one YAML mapping and the line of every key path in it."""
    if is_special_file(path):
        raise InputError(path, "", "a system file (under /proc, /sys or /dev), not a scenario or region file")
    if not path.exists():
        raise InputError(path, "", "file not found")
    if not path.is_file():
        raise InputError(path, "", "not a file")
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise InputError(path, "", f"cannot be read ({error.strerror or error})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(path, "", f"file is larger than {MAX_FILE_BYTES // 1000} kB; that is not a scenario")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(path, "", f"not UTF-8 text ({error.reason})") from None
    return parse_yaml_text(text, str(path))


def parse_yaml_text(text: str, source_name: str) -> tuple[dict[str, Any], Provenance]:
    """Parse YAML text into a mapping plus line numbers; broken or oversized YAML becomes an InputError."""
    loader = _SafeLoader(text)
    loader.source_name = source_name
    try:
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, source_name)
            loader.mapping_paths = _mapping_paths(node)
        data = loader.construct_document(node) if node is not None else None  # type: ignore[no-untyped-call]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise InputError(source_name, "", f"broken YAML: {error.problem}", line) from None
    except yaml.YAMLError as error:
        raise InputError(source_name, "", f"broken YAML: {error}") from None
    except RecursionError:  # a last guard; the nesting limit normally stops far earlier
        raise InputError(source_name, "", f"nested deeper than {MAX_NESTING_DEPTH} levels") from None
    finally:
        loader.dispose()  # type: ignore[no-untyped-call]
    if not isinstance(data, dict):
        raise InputError(source_name, "", "expected a mapping of keys to values at the top level")
    return data, _record_lines(node, source_name) if node is not None else {}
