"""The code base's shape, checked from the source: apps and the portfolio's concerns depend one way, no
module imports itself back through others (function-level imports included), the selection engine
stays free of Django, and errors are not swallowed wholesale outside task boundaries."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: an app may import only itself and the apps before it.
APPS = ("governance", "maintenance_plans", "portfolio", "procurement")
# Inside portfolio: a concern may import only itself and the concerns listed for it.
CONCERNS = {
    "proposals": set(),
    "projects": {"proposals"},
    "prioritisation": {"proposals"},
    "itplan": {"proposals", "projects", "prioritisation"},
}


def _module_name(path: Path) -> str:
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    return name.removesuffix(".__init__")


def _sources() -> dict[str, Path]:
    found = {}
    for app in (*APPS, "config"):
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" not in path.parts:
                found[_module_name(path)] = path
    return found


SOURCES = _sources()
TREES = {name: ast.parse(path.read_text(), filename=str(path)) for name, path in SOURCES.items()}


def _resolve(name: str) -> str | None:
    """The project module an imported name lives in (`portfolio.models.Proposal` → `portfolio.models`)."""
    while name and name not in SOURCES:
        name = name.rpartition(".")[0]
    return name or None


def _absolute(module: str, node: ast.ImportFrom) -> str:
    """The absolute module a `from` import names (`from ..models import X` inside governance.views.x)."""
    if node.level == 0:
        return node.module or ""
    package = module if SOURCES[module].name == "__init__.py" else module.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _imports(module: str, tree: ast.Module) -> list[tuple[str, int, bool]]:
    """(imported project module, line, at module level) for every import in the tree."""
    top = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [f"{_absolute(module, node)}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target is not None:
                found.append((target, node.lineno, id(node) in top))
    return found


IMPORTS = {name: _imports(name, tree) for name, tree in TREES.items()}


def _app(module: str) -> str:
    return module.partition(".")[0]


def test_every_app_module_is_checked():
    assert {"portfolio.proposals.models", "portfolio.itplan.sources", "governance.workflow"} <= SOURCES.keys()


def test_apps_depend_one_way():
    wrong = [
        f"{module}:{line} imports {target}"
        for module, imports in IMPORTS.items()
        if _app(module) in APPS
        for target, line, _top in imports
        if _app(target) in APPS and APPS.index(_app(target)) > APPS.index(_app(module))
    ]
    assert wrong == []


def _concern(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[0] == "portfolio" and parts[1] in CONCERNS else None


def test_portfolio_concerns_depend_one_way():
    wrong = []
    for module, imports in IMPORTS.items():
        concern = _concern(module)
        if concern is None:
            continue
        for target, line, _top in imports:
            other = _concern(target)
            if target in ("portfolio.models", "portfolio.rules", "portfolio.urls", "portfolio.tasks"):
                wrong.append(f"{module}:{line} imports the app-wide {target}; import from the concern")
            elif other is not None and other != concern and other not in CONCERNS[concern]:
                wrong.append(f"{module}:{line} ({concern}) imports {target} ({other})")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles_even_through_function_level_imports():
    graph: dict[str, set[str]] = {}
    for module, imports in IMPORTS.items():
        for target, _line, _top in imports:
            if target != module:
                graph.setdefault(module, set()).add(target)
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_selection_engine_is_free_of_django_and_the_rest_of_the_project():
    engine = "portfolio.prioritisation.selection"
    wrong = []
    for module, tree in TREES.items():
        if module != engine and not module.startswith(engine + "."):
            continue
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name.split(".")[0] == "django" and node in tree.body:
                    wrong.append(f"{module}:{node.lineno} imports {name} at module level")
                if _resolve(name) and not name.startswith(engine) and _resolve(name) != "governance.money":
                    wrong.append(f"{module}:{node.lineno} imports {name}")
    assert wrong == []


# Where any failure of the code called is the input's, not a bug: Celery tasks (the failure is stored and
# shown), and the reading of untrusted uploads, where openpyxl may raise anything on a hostile file and the
# user gets one answer ("the file could not be read") with the exception logged.
BOUNDARIES = {"governance.spreadsheets": "openpyxl opening and reading an untrusted upload"}


def _is_task_boundary(module: str) -> bool:
    return module.endswith(".tasks") or module in BOUNDARIES


@pytest.mark.parametrize("catch_all", ["Exception", "BaseException", None])
def test_no_catch_all_outside_task_boundaries(catch_all):
    wrong = []
    for module, tree in TREES.items():
        if _is_task_boundary(module):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ExceptHandler):
                continue
            caught = node.type
            if catch_all is None and caught is None:
                wrong.append(f"{module}:{node.lineno} bare except")
            elif isinstance(caught, ast.Name) and caught.id == catch_all:
                wrong.append(f"{module}:{node.lineno} except {catch_all}")
    assert wrong == []


def test_imports_stand_at_module_level_except_in_app_ready():
    """A function-level import hides an import cycle; the only ones kept are AppConfig.ready's (an app's
    config module is imported before its models exist), and those of the modules that must import without
    Django settings (the selection engine, the money formatter) or without an optional solver."""
    engine = "portfolio.prioritisation.selection"
    wrong = []
    for module, tree in TREES.items():
        if module == "governance.money" or module == engine or module.startswith(engine + "."):
            continue
        allowed = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "ready" and module.endswith(".apps"):
                allowed |= {id(inner) for inner in ast.walk(node)}
        top = {id(node) for node in tree.body}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in top and id(node) not in allowed:
                wrong.append(f"{module}:{node.lineno}")
    assert wrong == []
