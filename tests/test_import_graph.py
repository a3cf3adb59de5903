"""No import cycle between the modules of src/ketacore.

What counts as an edge (decided here, and the strictest reading): every
``import`` or ``from ... import`` statement anywhere in a module, whether at
module level, inside a function (a deferred import still runs), or under
``if TYPE_CHECKING:`` (a typing-only cycle still ties the modules' designs
together, and was the form the ``_model``/``_score``/``_scoring`` cycle took).
Relative imports are resolved against the module's package;
``from package import name`` is an edge to ``package.name`` when that is a
module and to ``package`` otherwise. The implicit import of a module's parent
package is not an edge (every submodule would otherwise form a cycle with its
package's ``__init__``). Only ketacore's own modules are nodes.
"""

from __future__ import annotations

import ast
from pathlib import Path

import ketacore


def _modules(root: Path) -> dict[str, tuple[Path, bool]]:
    """Module name -> (file, is a package ``__init__``) for every module under ``root``."""
    found = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        found[".".join(parts)] = (path, is_package)
    return found


def _imports(name: str, modules: dict[str, tuple[Path, bool]]) -> set[str]:
    """The modules that module ``name`` imports, by the rule in this file's docstring."""
    path, is_package = modules[name]
    package = name if is_package else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                if f"{source}.{alias.name}" in modules:
                    out.add(f"{source}.{alias.name}")
                elif source in modules:
                    out.add(source)
    out.discard(name)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
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
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    return {name: _imports(name, modules) for name in modules}


def test_src_has_no_import_cycle() -> None:
    graph = _graph(Path(ketacore.__file__).parent)
    assert len(graph) > 100  # the whole tree was read
    assert "ketacore.instruments._instrument" in graph["ketacore.instruments"]
    assert _cycles(graph) == []


def test_the_check_finds_cycles_of_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from pkg import a\n")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.b import B\n"
    )
    (package / "b.py").write_text("from . import c\n")
    (package / "c.py").write_text("def f():\n    from .a import x\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "d.py").write_text("from .. import e\n")
    (package / "e.py").write_text("import pkg.sub.d\n")
    (package / "f.py").write_text("from pkg import a\n")  # imports into a cycle: not in one
    assert _cycles(_graph(package)) == [
        ["pkg.a", "pkg.b", "pkg.c"],
        ["pkg.e", "pkg.sub.d"],
    ]
