"""LibreOffice and poppler in tests: a marker for a test that needs one of them (skipped where it is
not installed, but under CI, which installs them, never), and LibreOffice's headless conversion."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS_IN_CI = os.environ.get("CI") == "true"


def needs(tool):
    return pytest.mark.skipif(
        shutil.which(tool) is None and not TOOLS_IN_CI,
        reason=f"{tool} is not installed (CI installs it: see .ci/run)",
    )


def convert(source, to, outdir, *, profile):
    """``source`` converted by LibreOffice to ``to`` (csv, xlsx…) in ``outdir``, with its user
    profile in the folder ``profile``; returns the path written."""
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            to,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return Path(outdir) / f"{Path(source).stem}.{to}"
