"""The house plan holds: data flows one way, no module imports one that imports it back.

docs/architecture.md draws the layers; these rules are its arrows. Imports inside
`if TYPE_CHECKING:` are for annotations only and count for neither test.
"""
import ast
import sys
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "roadmap"


def _runtime_nodes(tree: ast.AST):
    """Walk the tree, leaving out `if TYPE_CHECKING:` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        yield node
        yield from _runtime_nodes(node)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_statements(path: Path) -> list[tuple[str, list[str]]]:
    """(module, names) of every run-time import of the file, relative imports resolved."""
    found = []
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, []) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # resolve "from ..models import X" against the file's package
                anchor = package[:len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((base, [alias.name for alias in node.names]))
    return found


def imports_of(path: Path) -> set[str]:
    """Every dotted name the file imports at run time: modules, and modules.names."""
    names = set()
    for base, imported in import_statements(path):
        names.add(base)
        names.update(f"{base}.{name}" for name in imported)
    return names


def modules(pattern: str) -> list[Path]:
    return sorted(PACKAGE.glob(pattern))


ALL_MODULES = {_module_name(p): p for p in modules("**/*.py")}
PURE = ("flask", "sqlalchemy", "roadmap.models", "roadmap.db", "roadmap.services",
        "roadmap.read", "roadmap.interchange", "roadmap.exporters", "roadmap.web")
RULES = [
    # (files, forbidden import prefixes, why)
    ("gaps.py", PURE, "the analysis is pure graph work"),
    ("gaps_live.py", PURE, "the live analysis is the same pure work, kept current"),
    ("gap_words.py", PURE, "sentences from figures"),
    ("graph_layout.py", PURE, "layout is pure geometry"),
    ("edition_diff*.py", PURE, "comparing two editions is pure record work"),
    ("vocab.py", PURE, "words and codes only"),
    ("errors.py", PURE, "domain errors know no layer"),
    ("exporters/*.py", ("flask", "sqlalchemy", "roadmap.models", "roadmap.db",
                        "roadmap.services", "roadmap.read", "roadmap.interchange",
                        "roadmap.web"), "exporters render the rows they are given"),
    ("services/*.py", ("flask", "roadmap.web", "roadmap.interchange", "roadmap.exporters"),
     "services serve every way in"),
    ("read/*.py", ("flask", "roadmap.web", "roadmap.services", "roadmap.interchange",
                   "roadmap.exporters"), "the read side reads models and nothing above"),
    ("interchange/*.py", ("flask", "roadmap.web", "roadmap.exporters.word",
                          "roadmap.exporters.excel"), "file formats serve the web and the CLI"),
    ("models/*.py", ("flask", "roadmap.services", "roadmap.web", "roadmap.read",
                     "roadmap.interchange", "roadmap.revision"), "the model knows no callers"),
    ("db.py", ("roadmap.models", "roadmap.revision", "roadmap.services", "roadmap.read",
               "roadmap.web"), "the engine and session know no model"),
    ("edition_copies.py", ("flask", "roadmap.web", "roadmap.services", "roadmap.exporters"),
     "a copy is built by the importer alone"),
    ("limit_store.py", ("flask", "roadmap.services", "roadmap.read", "roadmap.web",
                        "roadmap.interchange"), "the limits' store knows only its tables"),
    ("permissions.py", ("flask", "sqlalchemy", "roadmap.services", "roadmap.models"),
     "permissions decide on plain accounts"),
    ("web/**/*.py", ("roadmap.models", "sqlalchemy", "roadmap.gaps"),
     "views call services and the read side"),
    ("export_process.py", ("flask", "roadmap.web", "roadmap.services", "roadmap.interchange"),
     "an export reads and renders, in a child process that has no request"),
]


@pytest.mark.parametrize("pattern, forbidden, why", RULES, ids=[r[0] for r in RULES])
def test_layer_imports(pattern, forbidden, why):
    found = modules(pattern)
    assert found, f"{pattern} matches no module: the rule is stale"
    offenders = {f"{path.relative_to(PACKAGE)} imports {name}"
                 for path in found for name in imports_of(path)
                 if name.startswith(forbidden)}
    assert not offenders, f"{why}: {sorted(offenders)}"


def test_the_edition_comparison_imports_only_words_rules_and_the_standard_library():
    allowed = ("roadmap.vocab", "roadmap.sorting", "roadmap.edition_diff")
    offenders = {f"{path.relative_to(PACKAGE)} imports {base}"
                 for path in modules("edition_diff*.py") for base, _ in import_statements(path)
                 if not base.startswith(allowed) and base.split(".")[0] != "__future__"
                 and base.split(".")[0] not in sys.stdlib_module_names}
    assert not offenders, sorted(offenders)


SERVICES_READ = ("roadmap.read.records", "roadmap.read.gap_report")


def test_services_read_only_the_record_shape():
    """A partial change merges onto the stored record, and publishing an edition freezes
    the records and the gap report; nothing else of the read side."""
    offenders = {f"{path.relative_to(PACKAGE)} imports {name}"
                 for path in modules("services/*.py") for name in imports_of(path)
                 if name.startswith("roadmap.read") and not name.startswith(SERVICES_READ)}
    assert not offenders, sorted(offenders)


def import_graph() -> nx.DiGraph:
    """Modules of roadmap/ as nodes; an edge where one imports the other at run time."""
    graph = nx.DiGraph()
    for name, path in ALL_MODULES.items():
        graph.add_node(name)
        for base, imported in import_statements(path):
            # "from . import gaps" imports the module roadmap.gaps, not the package's __init__
            submodules = [f"{base}.{n}" for n in imported if f"{base}.{n}" in ALL_MODULES]
            others = len(submodules) < len(imported) or not imported
            targets = submodules + ([base] if others else [])
            graph.add_edges_from((name, t) for t in targets if t in ALL_MODULES and t != name)
    return graph


def test_no_import_cycle_inside_the_package():
    cycles = sorted(" -> ".join([*c, c[0]]) for c in nx.simple_cycles(import_graph()))
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_the_cycle_test_sees_a_cycle(tmp_path):
    graph = import_graph()
    graph.add_edge("roadmap.models.roadmap", "roadmap.revision")  # revision reads models
    assert list(nx.simple_cycles(graph))


def test_the_rules_see_relative_and_lazy_imports():
    assert "roadmap.models" in imports_of(PACKAGE / "services" / "work_items.py")
    assert "roadmap.read.records" in imports_of(PACKAGE / "interchange" / "bundle.py")
    assert "roadmap.db" in imports_of(PACKAGE / "models" / "roadmap.py")
