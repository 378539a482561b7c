"""Imports among the parts of ``layers`` (its subpackages and top-level modules) point one way: a cycle fails, named
with the files that make it. Every import counts, at module level or inside a function or ``TYPE_CHECKING`` (an
import moved into a function to dodge a cycle is still the cycle)."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

LAYERS = Path(__file__).resolve().parents[2] / "layers"


def _parts(root: Path) -> set[str]:
    """The subpackages and top-level modules of ``root``."""
    return {p.stem for p in root.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()} - {"__init__"}


def _part(module: str | None, parts: set[str]) -> str | None:
    """The part of ``layers`` a module name lies in (``layers.ogc.sql`` -> ``ogc``), else None."""
    names = (module or "").split(".")
    return names[1] if names[0] == "layers" and len(names) > 1 and names[1] in parts else None


def _imported(node: ast.AST, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
        module = ".".join([*base, *([node.module] if node.module else [])])
        return [module, *(f"{module}.{alias.name}" for alias in node.names)]
    return []


def import_graph(root: Path = LAYERS) -> dict[str, dict[str, str]]:
    """part -> {imported part: "file:line" of the first such import}."""
    graph: dict[str, dict[str, str]] = defaultdict(dict)
    parts = _parts(root)
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        if "migrations" in relative.parts or len(relative.parts) < 2:
            continue
        module = ".".join(relative.parts)
        package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
        source = _part(module, parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for name in _imported(node, package):
                target = _part(name, parts)
                if target and target != source:
                    graph[source].setdefault(target, f"{path.relative_to(root.parent)}:{node.lineno}")
    return graph


def find_cycle(graph: dict[str, dict[str, str]]) -> list[str]:
    """One cycle of ``graph`` as [a, b, ..., a], or []."""
    state: dict[str, int] = {}
    trail: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        trail.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        state[node] = 2
        trail.pop()
        return []

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return []


def test_the_parts_of_layers_import_one_way():
    graph = import_graph()
    cycle = find_cycle(graph)
    steps = [f"{a} -> {b} ({graph[a][b]})" for a, b in zip(cycle, cycle[1:])]
    assert not cycle, "import cycle among the parts of layers:\n" + "\n".join(steps)


def test_the_graph_sees_relative_function_level_and_type_checking_imports(tmp_path):
    root = tmp_path / "layers"
    for part in ("ogc", "exports"):
        (root / part).mkdir(parents=True)
        (root / part / "__init__.py").write_text("")
    (root / "ogc" / "views.py").write_text("def view():\n    from ..exports import service\n")
    (root / "exports" / "service.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from layers.ogc.views import view\n")
    graph = import_graph(root)
    assert graph == {"ogc": {"exports": "layers/ogc/views.py:2"}, "exports": {"ogc": "layers/exports/service.py:3"}}
    assert find_cycle(graph) in (["exports", "ogc", "exports"], ["ogc", "exports", "ogc"])


@pytest.mark.parametrize("graph, cycle", [
    ({"a": {"b": ""}, "b": {"c": ""}}, []),
    ({"a": {"b": ""}, "b": {"c": ""}, "c": {"a": ""}}, ["a", "b", "c", "a"]),
])
def test_find_cycle(graph, cycle):
    assert find_cycle(graph) == cycle
