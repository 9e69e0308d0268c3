"""The import graph of the ``dateline`` package: no module imports itself in a circle, and
nothing inside ``dateline.tls`` hides an import in a function.

The graph is read from the source with :mod:`ast`, not by importing anything. An edge
``a -> b`` is an import that runs when ``a`` is imported: a statement at module level, or in
a module-level ``if``/``try``/``with`` block or class body, but not one inside
``if TYPE_CHECKING:`` (never run) nor inside a function (run when called). ``import a.b``
and ``from a import b`` (``a.b`` a module) are edges to ``a.b``; ``from a import name`` is
an edge to ``a``. Imports of a module's own parent packages are not added: Python imports
them first, and a package importing its own submodules is no circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dateline

PACKAGE = Path(dateline.__file__).resolve().parent
NAME = "dateline"

#: Function-level imports are banned in these packages (numpy and the engine come in at
#: module level; the package's own laziness uses importlib).
NO_FUNCTION_IMPORTS = ("dateline.tls",)


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_time_nodes(body: list[ast.stmt]) -> Iterator[ast.Import | ast.ImportFrom]:
    """The import statements of ``body`` that run when the module is imported."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _import_time_nodes(node.body)
            yield from _import_time_nodes(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _import_time_nodes(block)
        elif isinstance(node, ast.With | ast.For | ast.While):
            yield from _import_time_nodes(node.body)
            yield from _import_time_nodes(getattr(node, "orelse", []))
        elif isinstance(node, ast.ClassDef):
            yield from _import_time_nodes(node.body)


def _function_imports(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """(line, statement) of every import inside a function or method body."""
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    yield node.lineno, ast.unparse(node)


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The modules of the package that ``node`` (in ``module``) imports."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in MODULES:
                yield alias.name
        return
    if node.level:
        is_package = MODULES[module].name == "__init__.py"
        base = module.split(".")
        base = base if is_package else base[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join(base + ([node.module] if node.module else []))
    else:
        source = node.module or ""
    if not (source == NAME or source.startswith(NAME + ".")):
        return
    for alias in node.names:
        sub = f"{source}.{alias.name}"
        if sub in MODULES:
            yield sub
        elif source in MODULES:
            yield source


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        graph[module] = {t for node in _import_time_nodes(tree.body) for t in _targets(module, node)
                         if t != module and not module.startswith(t + ".")}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan), each given as
    one circle through its modules (``a -> b -> ... -> a``), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                components.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(_circle(graph, comp) for comp in components)


def _circle(graph: dict[str, set[str]], comp: set[str]) -> list[str]:
    """A shortest circle through the first module of ``comp`` (breadth first)."""
    start = min(comp)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & comp):
            if w == start:
                return paths[v] + [start]
            if w not in paths:
                paths[w] = paths[v] + [w]
                queue.append(w)
    raise AssertionError(f"no circle through {start}")


def test_the_walk_sees_the_package() -> None:
    graph = _graph()
    assert {"dateline", "dateline.cli", "dateline.tls.registry", "dateline.evaluate.protocol"} <= set(graph)
    # edges the walk must find (and the ones it must leave out)
    assert "dateline.tls.contract" in graph["dateline.tls.registry"]
    assert "dateline.tls.registry" in graph["dateline.tls.methods"]
    assert "dateline.tls.methods" not in graph["dateline.tls.registry"]  # importlib, on first lookup
    assert "dateline.tls.api" not in graph["dateline.tls"]  # TYPE_CHECKING only


def test_the_cycle_finder_on_a_made_up_graph() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set(), "e": {"f"}, "f": {"e"}, "g": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"], ["e", "f", "e"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_the_package() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (module-level imports):\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_function_level_import_inside_tls() -> None:
    found = []
    for module, path in MODULES.items():
        if any(module == p or module.startswith(p + ".") for p in NO_FUNCTION_IMPORTS):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            found += [f"{path.relative_to(PACKAGE.parent)}:{line}: {stmt}" for line, stmt in _function_imports(tree)]
    assert not found, "function-level imports:\n" + "\n".join(found)


def test_the_light_entry_points_do_not_load_numpy() -> None:
    """``import dateline``, the CLI (for ``--help``), the tls package and its registry module
    stay light; the registry loads the methods (and numpy) on the first lookup."""
    code = ("import sys, dateline, dateline.cli, dateline.tls, dateline.tls.registry as r; "
            "print('numpy' in sys.modules); r.names(); print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]
