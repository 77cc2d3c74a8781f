"""`kring handout` and `kring directory`, run as real processes on a temporary data folder."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.services.workspace import Workspace
from tests.handouts.helpers import build_scenario, needs_poppler, pdf_info, pdf_text


@pytest.fixture
def kring(tmp_path):
    data = tmp_path / "data"
    ws = Workspace.open(data)
    scenario = build_scenario(ws)
    ws.close()

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "kring", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "KRING_LANG": "en"},
        )

    run.scenario = scenario
    return run


@needs_poppler
def test_kring_handout_writes_minutes_in_dutch_on_letter_paper(kring, tmp_path):
    out = tmp_path / "verslag.pdf"
    sid = kring.scenario.session
    result = kring(
        "handout", sid, "--kind", "minutes", "--out", str(out), "--lang", "nl", "--paper", "letter"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""
    assert pdf_info(out)["Page size"].startswith("612 x 792")
    text = pdf_text(out)
    assert "Verslag" in text and "Aanwezig (4)" in text and "Zoë van den Bërg" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "verslag.pdf"]


@needs_poppler
def test_kring_handout_prints_every_kind_dossier_and_directory(kring, tmp_path):
    s = kring.scenario
    runs = {
        "agenda": ("handout", s.session, "--kind", "agenda"),
        "signin": ("handout", s.session, "--kind", "signin"),
        "badges": ("handout", s.session, "--kind", "badges", "--badges", "2x5"),
        "dossier": ("handout", "--question", s.question, "--kind", "dossier"),
        "directory": ("directory", "--community", s.community, "--paper", "letter"),
    }
    for name, args in runs.items():
        out = tmp_path / f"{name}.pdf"
        result = kring(*args, "--out", str(out))
        assert result.returncode == 0, (name, result.stderr)
        assert out.read_bytes().startswith(b"%PDF"), name
    assert "Eenzaamheid onder ouderen in de flat" in pdf_text(tmp_path / "dossier.pdf")
    assert "Sign-in sheet" in pdf_text(tmp_path / "signin.pdf")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("handout", "no-such-session", "--kind", "agenda"), "There is no session with id"),
        (("handout", "--kind", "minutes"), "Which session?"),
        (("handout", "--kind", "dossier"), "A dossier is about a question"),
        (("handout", "--question", "nope", "--kind", "dossier"), "There is no question"),
        (("directory", "--community", "nope"), "There is no community"),
    ],
)
def test_bad_input_exits_1_with_one_line_and_writes_nothing(kring, tmp_path, args, message):
    out = tmp_path / "out.pdf"
    result = kring(*args, "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith("kring: ") and message in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert not out.exists()


def test_an_unwritable_destination_exits_1_and_leaves_no_temporary_file(kring, tmp_path):
    folder = tmp_path / "missing"
    result = kring(
        "handout", kring.scenario.session, "--kind", "signin", "--out", str(folder / "x.pdf")
    )
    assert result.returncode == 1
    assert result.stderr.startswith("kring: Can't save the PDF") and result.stderr.count("\n") == 1
    (tmp_path / "target.pdf").mkdir()  # a folder where the file should go
    result = kring(
        "handout", kring.scenario.session, "--kind", "signin", "--out", str(tmp_path / "target.pdf")
    )
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "target.pdf"]


def test_unknown_kind_or_paper_is_a_usage_error(kring, tmp_path):
    result = kring("handout", kring.scenario.session, "--kind", "poster", "--out", "x.pdf")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    result = kring("directory", "--community", "c", "--paper", "a5", "--out", "x.pdf")
    assert result.returncode == 2
