"""The installable package: a wheel carries every module, template, catalog and theme the tool needs."""

import shutil
import subprocess
import sys
import zipfile

from conftest import ROOT


def it_builds_a_wheel_with_code_and_data(tmp_path):
    # Built from a copy: setuptools leaves its build/ and egg-info folders in the source
    # tree, and build/ is where users find their books.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis", ".ruff_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp_path), str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("briefing-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {str(p.relative_to(ROOT)) for p in (ROOT / "briefing").rglob("*.py")}
    templates = {f"briefing/templates/{p.name}" for p in (ROOT / "templates").glob("*.j2")}
    data = {"briefing/themes/default.toml"}
    for code in ("en", "ja", "ru", "zh", "ko", "fr"):
        data |= {f"briefing/locale/{code}/LC_MESSAGES/briefing.po", f"briefing/locale/{code}/language.toml"}
    data |= {f"briefing/schemas/{p.name}" for p in (ROOT / "briefing" / "schemas").glob("*.json")}
    assert modules | templates | data <= names, sorted((modules | templates | data) - names)
