"""Where the files zapiska ships with lie: the bundled templates, the chart specs and their
style, the sample reports. Every other module asks here.

An installed wheel carries them inside the package, in generator/bundled/ (pyproject.toml maps
the repository's templates/, charts/ and data/ there). A source checkout installed in editable
mode (what `make` does) has no such folder: there they are the repository's own folders, laid
out the same way. The sample reports are the bundled ones, never the user's data/ folder.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# pip installs a wheel unpacked, so the package's resources are plain files with a path.
_PACKAGE = Path(str(files("generator")))
ROOT = _PACKAGE / "bundled" if (_PACKAGE / "bundled").is_dir() else _PACKAGE.parent

TEMPLATES_DIR = ROOT / "templates"
CHARTS_DIR = ROOT / "charts"
# The examples `template vars` takes its sample values from and `template check` fills in.
SAMPLE_REPORTS = (ROOT / "data" / "kavkazsky-raion" / "2021-H1.yaml",
                  ROOT / "data" / "goryachiy-klyuch" / "2021-H1.yaml",
                  ROOT / "data" / "pogranichny-okrug" / "2024-H1.yaml")
