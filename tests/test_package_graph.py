"""The package import graph runs one way (update → handlers → services → storage; `scoring` beneath all).

A package is `bot/<sub>` or `scoring/<sub>` (a top-level module counts as its own); A imports B when any
module of A imports from B, `TYPE_CHECKING` imports included. A new two-way pair fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KNOWN_PAIRS: set[tuple[str, str]] = set()


def _package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] not in ("bot", "scoring"):
        return None
    return ".".join(parts[:2])


def _imports(path: Path, module: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (path.name == "__init__.py")]
                name = ".".join([*base, *([node.module] if node.module else [])])
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def two_way_pairs() -> set[tuple[str, str]]:
    edges: set[tuple[str, str]] = set()
    for top in ("bot", "scoring"):
        for path in (ROOT / top).rglob("*.py"):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            source = _package(module)
            for target in map(_package, _imports(path, module)):
                if source and target and source != target and not (
                        source.startswith(target + ".") or target.startswith(source + ".")):
                    edges.add((source, target))
    return {tuple(sorted((a, b))) for a, b in edges if (b, a) in edges}  # type: ignore[misc]


def test_no_new_two_way_package_pair() -> None:
    assert two_way_pairs() - KNOWN_PAIRS == set()


def test_the_router_is_above_the_features_and_the_engine_below() -> None:
    pairs = two_way_pairs()
    assert not any("bot.router" in pair or "bot.dialogs" in pair for pair in pairs)
