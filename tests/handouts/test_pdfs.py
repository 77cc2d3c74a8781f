"""The PDFs read back with poppler and checked with qpdf: content, sections, layout, metadata."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from app import i18n
from app.handouts import fonts, render
from app.services.workspace import Workspace
from tests.handouts.helpers import (
    SPECIAL_NAMES,
    build_scenario,
    needs_poppler,
    needs_qpdf,
    pdf_info,
    pdf_text,
    squash,
    write,
)

pytestmark = needs_poppler
KINDS = (*render.SESSION_KINDS, "directory", "dossier")


def make(ws, scenario, kind: str, **options) -> bytes:
    if kind == "directory":
        return render.directory_pdf(ws, scenario.community, **options)
    if kind == "dossier":
        return render.dossier_pdf(ws, scenario.question, **options)
    return render.session_pdf(ws, scenario.session, kind, **options)


@pytest.fixture(scope="module")
def crowd(tmp_path_factory):
    """300 invitees with names of 60+ characters and 500 contributions, some very long."""
    ws = Workspace.open(tmp_path_factory.mktemp("crowd") / "data", daily_backup=False)
    yield ws, build_scenario(ws, people=300, long=True, said=500)
    ws.close()


def test_minutes_hold_every_attendee_and_contribution_in_its_section(ws, scenario, tmp_path):
    pdf = write(tmp_path, "minutes.pdf", render.session_pdf(ws, scenario.session, "minutes"))
    text = squash(pdf_text(pdf, raw=True))

    def at(needle: str, start: int = 0) -> int:
        found = text.find(squash(fonts.printable(needle)), start)
        assert found >= 0, f"{needle!r} is missing"
        return found

    present = at(f"Present ({len(scenario.present)})")
    excused = at(f"Excused ({len(scenario.excused)})")
    decisions, said, done = at("Decisions", excused), at("What was said"), at("Actions", excused)
    assert all(present < at(n, present) < excused for n in scenario.present)
    assert all(excused < at(n, excused) < decisions for n in scenario.excused)
    assert all(decisions < at(d, decisions) < said for d in scenario.decisions)
    first, second = at("Eenzaamheid onder ouderen in de flat", said), at("Stageplekken", said)
    loose = at("Not about a particular question", said)
    for n, (words, kind) in enumerate(scenario.said.items()):
        if kind == "decision":
            continue
        low, high = ((first, second), (second, loose), (loose, done))[(n // 6) % 3]
        assert low < at(words, said) < high, words
        assert at(kind.title() if kind != "question" else "Questions asked", low) < at(words, low)
    assert all(done < at(a, done) for a in scenario.actions)
    assert at("Working agreements made", done) < at(scenario.agreements[0], done)
    assert "Telefoons op stil" not in text  # adopted in another session


def test_diacritics_and_names_in_other_scripts_survive_extraction(ws, scenario, tmp_path):
    names = ("Zoë van den Bërg", "Anaïs Müller-Dubé", "Łukasz Wiśniewski", "Ayşe Yılmaz")
    for kind in ("signin", "minutes", "directory", "badges"):
        text = pdf_text(write(tmp_path, f"{kind}.pdf", make(ws, scenario, kind)))
        listed = [n for n in names if kind != "directory" or n not in scenario.unlisted]
        for name in listed:
            assert name in text, (kind, name)
    minutes = pdf_text(write(tmp_path, "m.pdf", make(ws, scenario, "minutes")))
    assert "café, reünie, geïnteresseerd, überhaupt" in minutes
    assert "Tom & Jerry <de Smet>" in minutes
    assert "Sofie de Vries" in minutes  # the emoji is left out, the name kept


def test_directory_leaves_out_members_without_consent_and_unshared_contact(ws, scenario, tmp_path):
    text = pdf_text(write(tmp_path, "directory.pdf", make(ws, scenario, "directory")))
    assert scenario.unlisted and scenario.private_contact and scenario.shared_contact
    for name in scenario.unlisted:
        assert fonts.printable(name) not in text
    for email in scenario.private_contact:
        assert email not in text
    for email in scenario.shared_contact:
        assert email in text
    assert "Niet Uitgenodigd Lid" not in text  # not in the directory: never asked


def test_sign_in_sheet_of_300_repeats_its_header_on_every_page(crowd, tmp_path):
    ws, scenario = crowd
    pdf = write(tmp_path, "signin.pdf", render.session_pdf(ws, scenario.session, "signin"))
    pages = int(pdf_info(pdf)["Pages"])
    assert pages > 10
    walk_ins = False
    for number in range(1, pages + 1):
        page = pdf_text(pdf, first=number)
        assert "Sign-in sheet" in page and f"Page {number} of {pages}" in page, number
        walk_ins = walk_ins or "Not on the list? Sign in here" in page
        if walk_ins:
            assert re.search(r"Name\s+Organisation\s+Brought by\s+Email\s+Listed\*", page), number
        else:
            assert re.search(r"Code\s+Name\s+Here\s+Signature", page), number
    everything = squash(pdf_text(pdf, raw=True))
    assert all(squash(n) in everything for n in scenario.names[6:])


@pytest.mark.parametrize("kind", KINDS)
def test_long_names_and_texts_stay_inside_the_page(crowd, tmp_path, kind):
    ws, scenario = crowd
    pdf = write(tmp_path, f"{kind}.pdf", make(ws, scenario, kind))
    bbox = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    width, height = (
        float(v) for v in re.search(r'page width="([\d.]+)" height="([\d.]+)"', bbox).groups()
    )
    margin = 3 if kind == "badges" else 16 * 72 / 25.4 - 1  # labels reach close to the edge
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', bbox)
    assert words
    for x0, y0, x1, y1 in ((float(a), float(b), float(c), float(d)) for a, b, c, d in words):
        assert margin <= x0 and x1 <= width - margin and y0 >= 0 and y1 <= height, (x0, x1)


@needs_qpdf
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_handout_is_a_valid_pdf_with_embedded_fonts(ws, scenario, tmp_path, paper):
    badges = "2x5" if paper == "letter" else "2x4"
    for kind in KINDS:
        pdf = write(
            tmp_path,
            f"{kind}.pdf",
            make(
                ws, scenario, kind, paper=paper, **({"badges": badges} if kind == "badges" else {})
            ),
        )
        check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "No syntax or stream encoding errors" in check.stdout
        size = pdf_info(pdf)["Page size"]
        assert size.startswith("595.276 x 841.89" if paper == "a4" else "612 x 792"), size
        listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and all("DejaVuSans" in r and " yes yes yes " in r for r in rows), listing


def test_dutch_labels_dates_and_language_tag_when_language_is_nl(ws, scenario, tmp_path):
    i18n.set_language("nl")
    minutes = write(tmp_path, "notulen.pdf", render.session_pdf(ws, scenario.session, "minutes"))
    signin = write(tmp_path, "lijst.pdf", render.session_pdf(ws, scenario.session, "signin"))
    text = pdf_text(minutes)
    for words in (
        "Verslag",
        "Aanwezig (4)",
        "Afgemeld (2)",
        "Besluiten",
        "Ideeën",
        "donderdag 12 maart 2026",
    ):
        assert words in text, words
    assert re.search(r"Pagina 1 van \d", text)
    assert "Handtekening" in pdf_text(signin)
    assert b"/Lang (nl)" in minutes.read_bytes()


def test_metadata_names_title_author_subject_and_language(ws, scenario, tmp_path):
    pdf = write(tmp_path, "agenda.pdf", render.session_pdf(ws, scenario.session, "agenda"))
    info = pdf_info(pdf)
    assert info["Title"] == "Session handout — Kringgesprek in het buurthuis"
    assert info["Author"] == "Kring" and info["Creator"] == "Kring"
    assert info["Subject"] == "Kringgesprek in het buurthuis"
    assert b"/Lang (en)" in pdf.read_bytes() and b"/DisplayDocTitle true" in pdf.read_bytes()


def test_output_is_the_same_apart_from_the_creation_date(ws, scenario):
    for kind in KINDS:
        assert make(ws, scenario, kind, invariant=True) == make(ws, scenario, kind, invariant=True)
        one, two = make(ws, scenario, kind), make(ws, scenario, kind)
        differ = [(a, b) for a, b in zip(one.split(b"\n"), two.split(b"\n"), strict=True) if a != b]
        assert all(b"CreationDate" in a or a.startswith(b"[<") for a, _b in differ), kind


def test_session_handout_has_agenda_questions_actions_agreements_and_online_space(
    ws, scenario, tmp_path
):
    pdf = write(tmp_path, "agenda.pdf", render.session_pdf(ws, scenario.session, "agenda"))
    text = squash(pdf_text(pdf, raw=True))
    for words in (
        "Agenda",
        "18:30",
        "Welkom en check-in",
        "Perspectives to involve",
        "zorg, wonen, buren, huisarts",
        "Oude actie uit de vorige kring",
        "Telefoons op stil.",
        "https://samensterker.example/kring?groep=oost&taal=nl",
        "Notes",
    ):
        assert squash(words) in text, words
    assert squash(scenario.actions[0]) not in text  # made in this session: not yet "earlier"


@pytest.mark.parametrize(
    ("paper", "layout", "people", "pages"),
    [("a4", "2x4", 8, 1), ("a4", "2x4", 9, 2), ("a4", "2x5", 10, 1), ("letter", "2x5", 11, 2)],
)
def test_badges_fill_label_sheets(tmp_path, paper, layout, people, pages):
    ws = Workspace.open(tmp_path / "data", daily_backup=False)
    scenario = build_scenario(ws, people=people, said=0)
    pdf = write(
        tmp_path,
        "badges.pdf",
        render.session_pdf(ws, scenario.session, "badges", paper=paper, badges=layout),
    )
    assert int(pdf_info(pdf)["Pages"]) == pages
    text = squash(pdf_text(pdf, raw=True))
    assert all(squash(fonts.printable(n)) in text for n in SPECIAL_NAMES[:people])
    ws.close()


def test_values_beyond_the_input_limits_from_a_sync_never_break_a_handout(ws, scenario, tmp_path):
    """Synced rows skip validation: a 12,000-character action or title must still print."""
    huge = "Heel lang verhaal met woorden & <tekens> " * 300
    with ws.store.transaction():
        ws.store.update("session", scenario.session, {"title": huge[:5000], "purpose": huge})
        ws.store.update(
            "community",
            scenario.community,
            {"name": huge[:3000], "online_space": "https://x.example/" + "a" * 3000},
        )
        ws.store.update("question", scenario.question, {"title": huge[:4000], "perspectives": huge})
        for row in ws.store.select("action", {"community": scenario.community}):
            ws.store.update("action", row["id"], {"text": huge})
        for row in ws.store.select("member", {"community": scenario.community})[:3]:
            ws.store.update("member", row["id"], {"name": huge[:4000], "strengths": huge})
    for kind in KINDS:
        pdf = write(tmp_path, f"{kind}.pdf", make(ws, scenario, kind))
        assert int(pdf_info(pdf)["Pages"]) >= 1, kind


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="zbar-tools (zbarimg) is not installed: apt-get install zbar-tools",
)
def test_qr_code_on_the_session_handout_leads_to_the_online_space(ws, scenario, tmp_path):
    pdf = write(tmp_path, "agenda.pdf", render.session_pdf(ws, scenario.session, "agenda"))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    image = next(tmp_path.glob("page*.png"))
    found = subprocess.run(
        ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True, timeout=60
    )
    assert found.stdout.strip() == "https://samensterker.example/kring?groep=oost&taal=nl"
