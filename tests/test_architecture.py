"""The package's shape: no import cycle, no file past about 450 lines, every module saying what it owns."""

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "briefing"
MOST_LINES = 450


def modules():
    """Every module of the package by dotted name, with its file."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def import_graph():
    """Which modules each module imports, counting imports made inside functions too (they run just as well)."""
    known = modules()

    def owner(name):
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name

    graph = {name: set() for name in known}
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                imported = owner(target) if target.startswith("briefing") else ""
                # A module importing its own package (for __version__) is no edge between modules.
                if imported and imported != name and not name.startswith(imported + "."):
                    graph[name].add(imported)
    return graph


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan, 1972), iteratively."""
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def it_has_no_import_cycle():
    assert cycles(import_graph()) == []


def it_finds_a_cycle_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def it_keeps_every_file_under_about_450_lines():
    long = {str(path.relative_to(ROOT)): count for path in modules().values()
            if (count := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES}
    assert long == {}


def it_opens_every_module_with_what_it_owns():
    silent = [str(path.relative_to(ROOT)) for path in modules().values()
              if path.stat().st_size and not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert silent == []
