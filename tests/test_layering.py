"""Data flows one way: web -> services/queries -> models; pure modules stay pure."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "roadmap"


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # resolve "from ..models import X" against the file's package
                package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-node.level]
                base = ".".join([*package, base] if base else package)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def modules(pattern: str) -> list[Path]:
    return sorted(PACKAGE.glob(pattern))


RULES = [
    # (files, forbidden import prefixes, why)
    ("gaps.py", ("flask", "sqlalchemy", "roadmap.models", "roadmap.db", "roadmap.services",
                 "roadmap.queries", "roadmap.web"), "pure graph analysis"),
    ("exporters/*.py", ("flask", "sqlalchemy", "roadmap.models", "roadmap.db"),
     "exporters render rows"),
    ("services/*.py", ("flask", "roadmap.web"), "services serve every way in"),
    ("queries.py", ("flask", "roadmap.web", "roadmap.services"), "the read side"),
    ("representations.py", ("flask", "roadmap.web", "roadmap.services"), "the read side"),
    ("models.py", ("flask", "roadmap.services", "roadmap.web"), "the model knows no callers"),
    ("web/**/*.py", ("roadmap.models", "sqlalchemy"), "views call services and queries"),
]


@pytest.mark.parametrize("pattern, forbidden, why", RULES, ids=[r[0] for r in RULES])
def test_layer_imports(pattern, forbidden, why):
    offenders = {f"{path.relative_to(PACKAGE)} imports {name}"
                 for path in modules(pattern) for name in imports_of(path)
                 if name.startswith(forbidden)}
    assert not offenders, f"{why}: {sorted(offenders)}"


def test_the_rules_see_relative_imports():
    assert "roadmap.models" in imports_of(PACKAGE / "services" / "work_items.py")
