"""The shape of the code: no import cycles (TYPE_CHECKING imports included), layers point one way, small modules."""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("sim", "kernels")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# Declarative tables may be longer than a function: listed here with the reason.
LONG_FUNCTION_EXCEPTIONS: dict[str, str] = {
    # The one decision function: its loop over requests may call nothing that takes an array, because
    # Numba reference-counts array arguments on every call (twice the decision's own cost; docs/DECISIONS.md 14).
    "kernels.decide.decide_rows": "hot loop written out on purpose",
}


def modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of the project that `name` imports anywhere: top level, in functions, under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets.add(base)
            targets.update(f"{base}.{alias.name}" for alias in node.names)
    resolved = set()
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            resolved.add(target)
    return resolved


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(name, path, set(found)) for name, path in found.items()}


def test_no_import_cycles_anywhere():
    edges = graph()
    # Tarjan's strongly connected components: any component of two or more modules is a cycle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in edges:
        if node not in index:
            visit(node)
    assert not cycles, cycles


def test_the_cycle_check_finds_a_cycle(tmp_path):
    (tmp_path / "a.py").write_text("from sim import b\n")
    assert "sim.b" in imports_of("sim.a", tmp_path / "a.py", {"sim", "sim.a", "sim.b"})


def test_kernels_import_nothing_from_sim_mesa_or_simpy():
    for name, path in modules().items():
        if name.startswith("kernels"):
            assert not [target for target in imports_of(name, path, set(modules())) if target.startswith("sim")]
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                    assert not any(n.split(".")[0] in ("sim", "mesa", "simpy", "streamlit") for n in names), name


def test_nothing_imports_the_app():
    for name, targets in graph().items():
        assert "app" not in targets, name


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_and_functions_stay_small(name):
    path = modules()[name]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_MODULE_LINES, f"{path}: {len(lines)} lines"
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            key = f"{name}.{node.name}"
            if key not in LONG_FUNCTION_EXCEPTIONS:
                assert length <= MAX_FUNCTION_LINES, f"{key}: {length} lines"


# Layers from the bottom up; a module may import its own layer and the ones below, never above.
LAYERS = (
    ("kernels",),
    ("sim.errors",),
    ("sim.io", "sim.mechanisms"),
    ("sim.model",),
    ("sim.summary",),
    ("sim.runner", "sim.executors", "sim.io.outputs"),
    ("sim.analysis", "sim.participation"),
    ("sim.app",),
    ("sim.cli", "sim.__main__", "sim"),
)


def layer_of(name: str) -> int:
    best, rank = -1, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, rank = len(prefix), index
    assert rank >= 0, f"{name} is in no layer"
    return rank


def test_layers_point_one_way():
    wrong = [
        f"{name} -> {target}"
        for name, targets in graph().items()
        for target in targets
        if layer_of(target) > layer_of(name)
    ]
    assert not wrong, wrong
