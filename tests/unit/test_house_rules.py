"""The house rules of plugins/ (docs/architecture.md), measured on the code so they cannot drift.

- only the entry point ends a module: exit/fail calls in at most 2 module_utils files;
- every Palette path lives in the paths registry: ``/v1/`` literals in at most 2 files;
- one waiter: ``sleep`` in at most 2 files;
- no import cycle between module_utils files;
- no module-level function that nothing calls.
"""

import ast
import re
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"
MODULE_UTILS = PLUGINS / "module_utils"
PACKAGE = "ansible_collections.palette.aws.plugins."
EXIT_CALL = re.compile(r"\.(fail_json|fail_api|exit_json|exit_resource)\(")


def python_files(root=PLUGINS):
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def code_lines(path):
    """The file's lines without comments and docstrings (what the rules are about)."""
    tree = ast.parse(path.read_text())
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
            body = getattr(node, "body", [])
            if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
                    and isinstance(body[0].value.value, str):
                docstrings.update(range(body[0].lineno, body[0].end_lineno + 1))
    lines = path.read_text().splitlines()
    return [line.split(" #")[0] for number, line in enumerate(lines, 1)
            if number not in docstrings and not line.lstrip().startswith("#")]


def files_matching(pattern, root=PLUGINS, skip_docs=True):
    found = []
    for path in python_files(root):
        if skip_docs and path.parent.name in ("modules", "doc_fragments", "inventory"):
            # plugin documentation strings quote API paths; only the code below them counts
            text = "\n".join(code_lines(path))
            text = text.split("from __future__", 1)[-1]
        else:
            text = "\n".join(code_lines(path))
        if re.search(pattern, text):
            found.append(str(path.relative_to(PLUGINS)))
    return found


def test_only_the_entry_point_ends_a_module():
    files = files_matching(EXIT_CALL.pattern, MODULE_UTILS)
    assert len(files) <= 2, files


def test_palette_paths_live_in_the_registry():
    files = files_matching(r"['\"]/v1/")
    assert len(files) <= 2, files


def test_one_waiter_sleeps():
    files = files_matching(r"\bsleep\(|time\.sleep")
    assert len(files) <= 2, files


def _module_name(path):
    return PACKAGE + ".".join(path.relative_to(PLUGINS).with_suffix("").parts).replace(".__init__", "")


def _imports(path):
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(PACKAGE):
            names.add(node.module)
            names.update("%s.%s" % (node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith(PACKAGE))
    return names


def test_no_import_cycle():
    modules = dict((_module_name(p), p) for p in python_files(MODULE_UTILS))
    graph = dict((name, sorted(n for n in _imports(path) if n in modules and n != name))
                 for name, path in modules.items())
    state, cycles = {}, []

    def visit(node, stack):
        state[node] = "open"
        for nxt in graph[node]:
            if state.get(nxt) == "open":
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, cycles


def test_every_function_is_used():
    sources = dict((p, p.read_text()) for p in python_files())
    unused = []
    for path, text in sources.items():
        for node in ast.parse(text).body:
            if not isinstance(node, ast.FunctionDef) or node.name == "main":
                continue
            word = re.compile(r"\b%s\b" % re.escape(node.name))
            uses = sum(len(word.findall(other)) for other in sources.values())
            if uses <= 1:  # the definition itself
                unused.append("%s:%s" % (path.relative_to(PLUGINS), node.name))
    assert not unused, unused
