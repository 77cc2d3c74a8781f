"""The `kring` command line, run as a real subprocess on a temporary data folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


@pytest.fixture
def kring(tmp_path):
    data = tmp_path / "data"

    def run(*args: str, ok: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, "-m", "kring", "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "KRING_LANG": "en", **(env or {})},
        )
        if ok:
            assert result.returncode == 0, result.stderr
        return result

    run.data = data
    return run


def out(result: subprocess.CompletedProcess) -> str:
    return result.stdout.strip()


def test_community_member_question_session_round_trip(kring):
    cid = out(kring("community", "create", "--name", "Wijkteam Noord", "--purpose", "Samen"))
    listed = json.loads(out(kring("community", "list", "--json")))
    assert [(c["id"], c["name"], c["purpose"]) for c in listed] == [
        (cid, "Wijkteam Noord", "Samen")
    ]

    anna = out(kring("member", "add", "--community", cid, "--name", "Anna Müller",
                     "--email", "anna@example.nl", "--organisation", "GGD", "--department",
                     "Jeugd", "--role", "ambassador", "--consent-directory"))  # fmt: skip
    bram = out(kring("member", "add", "--community", cid, "--name", "Bram", "--brought-by", anna))
    kring("member", "update", bram, "--phone", "+31 6 1234 5678", "--consent-contact")
    people = {m["name"]: m for m in json.loads(out(kring("member", "list", "--community", cid,
                                                         "--json")))}  # fmt: skip
    assert people["Anna Müller"]["role"] == "ambassador"
    assert people["Anna Müller"]["consent_directory"] is True
    assert people["Anna Müller"]["consent_contact"] is False
    assert people["Bram"]["brought_by"] == anna and people["Bram"]["consent_contact"] is True
    assert {"id", "name", "email", "phone", "organisation", "department", "role", "brought_by",
            "left_on"} <= set(people["Bram"])  # fmt: skip

    qid = out(kring("question", "add", "--community", cid, "--title", "Eenzaamheid",
                    "--description", "Ouderen in de wijk", "--owner", anna))  # fmt: skip
    assert json.loads(out(kring("question", "list", "--community", cid, "--json")))[0]["id"] == qid

    sid = out(kring("session", "add", "--community", cid, "--title", "Kick-off", "--starts",
                    "2026-12-01T19:00", "--location", "Buurthuis", "--question", qid))  # fmt: skip
    kring("session", "checkin", sid, bram, "--brought-by", anna)
    contribution = out(kring("session", "capture", sid, "--text", "Koffie-ochtend", "--question",
                             qid, "--author", bram, "--kind", "idea"))  # fmt: skip
    shown = json.loads(out(kring("session", "show", sid, "--json")))
    assert shown["id"] == sid and shown["agenda"][0]["question"] == qid
    assert shown["attendance"][0]["member"] == bram
    assert shown["attendance"][0]["status"] == "present"
    assert shown["contributions"][0]["id"] == contribution
    assert json.loads(out(kring("session", "list", "--community", cid, "--json")))[0]["id"] == sid

    action = out(kring("action", "add", "--community", cid, "--text", "Zaal regelen", "--owner",
                       anna, "--due", "2026-12-15", "--session", sid))  # fmt: skip
    assert json.loads(out(kring("action", "list", "--community", cid, "--json")))[0]["id"] == action

    kring("member", "delete", bram)
    remaining = json.loads(out(kring("member", "list", "--community", cid, "--json")))
    assert [m["name"] for m in remaining] == ["Anna Müller"]


def test_export_is_identical_bytes_when_nothing_changed(kring):
    cid = out(kring("community", "create", "--name", "Kring"))
    kring("member", "add", "--community", cid, "--name", "Zoë")
    first = kring("export", "--community", cid, "--json").stdout
    assert first == kring("export", "--community", cid, "--json").stdout
    dump = json.loads(first)
    assert dump["member"][0]["name"] == "Zoë" and dump["community"]["id"] == cid


def test_refused_request_is_one_line_on_stderr_with_exit_1(kring):
    cid = out(kring("community", "create", "--name", "Kring"))
    result = kring("member", "add", "--community", cid, "--name", "X", "--email", "nope", ok=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "kring: “nope” is not an email address."
    assert "Traceback" not in result.stderr and result.stdout == ""

    missing = kring("member", "list", "--community", "no-such", "--json", ok=False)
    assert missing.returncode == 1 and "There is no community" in missing.stderr

    late = kring("session", "add", "--community", cid, "--title", "T", "--starts", "gisteren",
                 ok=False)  # fmt: skip
    assert late.returncode == 1 and "not a date and time" in late.stderr


def test_bad_usage_exits_2(kring):
    result = kring("member", "add", "--name", "X", ok=False)
    assert result.returncode == 2 and "--community" in result.stderr
    assert kring("frobnicate", ok=False).returncode == 2


def test_data_dir_from_environment_and_version(kring, tmp_path):
    env_dir = tmp_path / "elsewhere"
    result = subprocess.run(
        [sys.executable, "-m", "kring", "community", "create", "--name", "Env"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "KRING_DATA_DIR": str(env_dir)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (env_dir / "kring.sqlite").exists()
    assert out(kring("--version")).startswith("Kring ")


def test_messages_in_dutch(kring):
    cid = out(kring("community", "create", "--name", "Kring"))
    result = kring("--lang", "nl", "member", "add", "--community", cid, "--name", "X",
                   "--email", "nope", ok=False)  # fmt: skip
    assert result.stderr.strip() == "kring: “nope” is geen e-mailadres."


@pytest.mark.parametrize(
    ("argv", "folder"),
    [
        (["--data-dir", "/tmp/k"], "/tmp/k"),
        (["--lang", "nl", "--data-dir=/tmp/k"], "/tmp/k"),
        (["--data-dir", "/tmp/a", "--data-dir", "/tmp/k"], "/tmp/k"),  # the last one, as argparse
        ([], "from-env"),
    ],
)
def test_without_a_command_the_window_opens_on_the_folder_given(monkeypatch, argv, folder):
    from pathlib import Path

    from app import cli

    monkeypatch.setenv("KRING_DATA_DIR", "from-env")
    opened = []
    assert cli.main(argv, open_gui=lambda data_dir: opened.append(data_dir) or 0) == 0
    assert opened == [Path(folder)]


@pytest.mark.parametrize(
    "argv",
    [["--lang", "fr"], ["--data-dir"], ["--data-dir", "--lang", "nl"], ["--bogus"], ["--help"]],
)
def test_anything_but_the_global_options_goes_through_the_parser(argv, capsys):
    from app import cli

    opened = []
    with pytest.raises(SystemExit):
        cli.main(argv, open_gui=opened.append)
    assert opened == []
    printed = capsys.readouterr()
    assert "usage: kring" in printed.err + printed.out
