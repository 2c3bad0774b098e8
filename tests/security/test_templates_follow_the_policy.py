"""Every template of the project works under the Content-Security-Policy: no inline script, no
inline event handler (``onclick=…``), no ``javascript:`` address. The browser test
(tests/e2e/test_content_security_policy.py) proves it page by page; this one reads every
template, so a page the browser test does not open cannot slip an inline handler in."""

import re
from pathlib import Path

from django.conf import settings

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
SCRIPT_ADDRESS = re.compile(r"(href|src|action)\s*=\s*[\"']\s*javascript:", re.I)


def project_templates():
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(settings.BASE_DIR) / app / "templates"
        for app in ("indicators", "budgets", "reports", "workbooks")
    ]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.rglob("*.html"))


def test_the_templates_are_found():
    names = {path.name for path in project_templates()}
    assert {"base.html", "dashboard.html"} <= names


def test_no_template_has_inline_scripts_or_handlers():
    found = []
    for path in project_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER, SCRIPT_ADDRESS):
            found += [f"{path}: {match.group(0)[:80]}" for match in pattern.finditer(text)]
    assert found == []
