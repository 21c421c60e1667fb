"""The folder layout is the data flow: no package imports one above it.

capture → reader → Article → reconcile → archive → batch (a run) → cli / web. Every import
counts — at module level or inside a function — so a late import cannot hide a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tearsheet"

# module prefix → the prefixes it must never import
FORBIDDEN = {
    "tearsheet.models": ("tearsheet.render", "tearsheet.schema", "tearsheet.readers", "tearsheet.reconcile",
                         "tearsheet.archive", "tearsheet.batch", "tearsheet.cli", "tearsheet.web"),
    "tearsheet.captures": ("tearsheet.readers.html", "tearsheet.readers.pdf", "tearsheet.readers.text",
                           "tearsheet.readers.markdown", "tearsheet.reconcile", "tearsheet.archive",
                           "tearsheet.batch", "tearsheet.cli", "tearsheet.web"),
    "tearsheet.readers": ("tearsheet.captures", "tearsheet.reconcile", "tearsheet.archive", "tearsheet.batch",
                          "tearsheet.cli", "tearsheet.web"),
    "tearsheet.readers.common": ("tearsheet.readers.html", "tearsheet.readers.pdf", "tearsheet.readers.text",
                                 "tearsheet.readers.markdown"),
    "tearsheet.reconcile": ("tearsheet.archive", "tearsheet.batch", "tearsheet.cli", "tearsheet.web"),
    "tearsheet.archive": ("tearsheet.batch", "tearsheet.cli", "tearsheet.web", "tearsheet.api"),
    "tearsheet.batch": ("tearsheet.cli", "tearsheet.web"),
}
# The one call upward, on purpose: ``Archive.add`` is a convenience over the in-process run.
ALLOWED = {("tearsheet.archive.archive", "tearsheet.batch.inline")}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, module: str) -> set[str]:
    found: set[str] = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("tearsheet")}


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_its_own(path: Path) -> None:
    module = _module_name(path)
    rules = [(prefix, banned) for prefix, banned in FORBIDDEN.items() if _under(module, prefix)]
    wrong = sorted(
        name for name in _imports(path, module)
        for _, banned in rules for ban in banned
        if _under(name, ban) and not any(module == src and _under(name, dst) for src, dst in ALLOWED)
    )
    assert not wrong, f"{module} imports {wrong}"


def test_every_reader_kind_is_a_package_whose_init_lists_its_stages() -> None:
    for kind in ("html", "pdf", "text", "markdown"):
        init = PACKAGE / "readers" / kind / "__init__.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and "1." in doc and "2." in doc, kind
    flat = [p.name for p in (PACKAGE / "readers").glob("*.py") if p.name != "__init__.py"]
    assert not flat, f"reader modules outside a kind's package: {flat}"
