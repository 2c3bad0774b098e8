"""The project's import rules that import-linter does not check: no module takes another
module's private (underscore) names, neither by ``from x import _name`` nor as ``module._name``."""

import ast
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "indicators", "budgets", "reports", "workbooks", "demo", "bekasi_plan"]


def private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def is_module(dotted):
    try:
        return importlib.util.find_spec(dotted) is not None
    except (ImportError, ValueError):
        return False


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def absolute(node, current, is_package):
    if not node.level:
        return node.module or ""
    base = current.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def violations(path):
    current = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules, found = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                modules.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            source = absolute(node, current, path.name == "__init__.py")
            for alias in node.names:
                if private(alias.name) and source != current:
                    found.append(f"{path}:{node.lineno}: from {source} import {alias.name}")
                elif is_module(f"{source}.{alias.name}"):
                    modules.add(alias.asname or alias.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and private(node.attr)
        ):
            found.append(f"{path}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_no_module_takes_another_modules_private_names():
    files = [
        path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert len(files) > 50
    found = [line for path in files for line in violations(path)]
    assert found == []


def test_the_scan_finds_what_it_forbids(tmp_path):
    sample = ROOT / "workbooks" / "_layers_sample.py"
    sample.write_text("from indicators.charts import _layout\nimport openpyxl\nopenpyxl._hidden\n")
    try:
        assert len(violations(sample)) == 2
    finally:
        sample.unlink()


def test_no_class_of_the_workbook_code_is_over_300_lines():
    folders = [ROOT / "workbooks", ROOT / "indicators" / "workbook_sheets"]
    files = [p for folder in folders for p in folder.rglob("*.py")]
    files.append(ROOT / "budgets" / "workbook_sheets.py")
    sizes = {}
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                sizes[f"{path.name}:{node.name}"] = node.end_lineno - node.lineno + 1
    assert sizes and max(sizes.values()) <= 300, sorted(sizes.items(), key=lambda i: -i[1])[:3]
