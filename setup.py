"""Puts resources/ (translations, fonts, icons) into the built `kring` package.

A wheel holds packages only, and resources/ sits beside them in the source tree: without this
an installed Kring would speak only English and print no handouts. An editable install and
the bundle use the source tree's resources/ (app/resources.py finds either).
Everything else about the build is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = Path(__file__).resolve().parent / "resources"


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            target = Path(self.build_lib) / "kring" / "resources"
            shutil.copytree(RESOURCES, target, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithResources})
