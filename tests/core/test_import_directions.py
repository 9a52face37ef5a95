"""The apps depend on each other in one direction (docs/development.md,
"Dependencies between the apps"): regions ← accounts ← notifications ←
proposals ← voting, core beneath them all, evidence and demo read everything
and nothing imports them. A reversed import is how a codebase starts to
knot: this test names it before review has to."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lower layers first; an app may import the apps before it in this list.
LAYERS = [
    "portal.core",
    "portal.regions",
    "portal.accounts",
    "portal.notifications",
    "proposals",
    "voting",
    "cms",
]
# Read everything, imported by nobody.
READERS = ["portal.evidence", "portal.demo"]
# The one allowed reach upwards, only inside a function (never at import
# time): accounts tells a child about her own account (ageing, retention,
# facilitators' actions) with notifications' ``notify``.
UPWARD_IN_FUNCTIONS = {("portal.accounts", "portal.notifications")}


def app_of(module):
    for app in sorted(LAYERS + READERS, key=len, reverse=True):
        if module == app or module.startswith(app + "."):
            return app
    return None


def imports_of(path, module):
    """(imported module, inside a function?) for every import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef
            )
            if isinstance(child, ast.Import):
                found.extend((alias.name, nested) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")[
                        : len(package.split(".")) - child.level + 1
                    ]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module
                found.append((target, nested))
            visit(child, nested)

    visit(tree, False)
    return found


def test_every_import_goes_down_the_layers():
    wrong = []
    for app in LAYERS + READERS:
        for path in sorted((ROOT / app.replace(".", "/")).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            for target, in_function in imports_of(path, module):
                other = app_of(target)
                if other is None or other == app:
                    continue
                if other in READERS:
                    wrong.append(f"{module} imports {target} (nothing imports {other})")
                elif app in READERS:
                    continue
                elif LAYERS.index(other) > LAYERS.index(app) and not (
                    in_function and (app, other) in UPWARD_IN_FUNCTIONS
                ):
                    wrong.append(f"{module} imports {target} ({other} is above {app})")
    assert wrong == []


def test_the_checker_sees_a_reversed_import(tmp_path):
    """The test above can fail: a file of accounts importing proposals."""
    path = tmp_path / "bad.py"
    path.write_text("from proposals.models import Proposal\n")
    assert imports_of(path, "portal.accounts.bad") == [("proposals.models", False)]
    path.write_text("def f():\n    from ..notifications.models import notify\n")
    assert imports_of(path, "portal.accounts.bad") == [
        ("portal.notifications.models", True)
    ]
