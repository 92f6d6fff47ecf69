"""TABARI/PETRARCH actor dictionaries: parsing, dates, and their use by the actor stage."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dateline.extract import tabari

DICTIONARY = """\
<!-- a small test dictionary written for dateline -->
ARNOR_  [ARN]
+ARNORIAN_
GANDALF_THE_GREY  # a wizard
+GANDALF_
\t[ARNGOV 950101-991231]
\t[ARNREB >000101]
\t[ARNELI]
MORDOR_TROOPS [MORMIL]
HOBBITON [---]
"""


@pytest.fixture
def dictionary(tmp_path: Path) -> Path:
    path = tmp_path / "test.actors"
    path.write_text(DICTIONARY, encoding="utf-8")
    return path


def test_tabari_reads_entries_synonyms_and_dated_codes(dictionary: Path) -> None:
    entries = {e.name: e for e in tabari.read_actors(dictionary)}
    assert entries["Arnor"].phrases == ("arnor", "arnorian")
    gandalf = entries["Gandalf The Grey"]
    assert [c.code for c in gandalf.codes] == ["ARNGOV", "ARNREB", "ARNELI"]
    assert gandalf.codes[0].start == date(1995, 1, 1) and gandalf.codes[0].end == date(1999, 12, 31)
    assert gandalf.codes[1].start == date(2000, 1, 1)
    assert entries["Mordor Troops"].codes[0].sector == "MIL"
    assert entries["Hobbiton"].codes == ()


@pytest.mark.parametrize(
    ("text", "country", "sector", "start", "end"),
    [("RUSGOV 991231-080507", "RUS", "GOV", date(1999, 12, 31), date(2008, 5, 7)),
     ("HOBGOV 19950601 - 19990815", "HOB", "GOV", date(1995, 6, 1), date(1999, 8, 15)),
     ("PSEREBHMS", "PSE", "REB", date(1, 1, 1), None)],
)
def test_tabari_parse_code(text: str, country: str, sector: str, start: date, end: date | None) -> None:
    code = tabari.parse_code(text)
    assert code is not None and (code.country, code.sector, code.start, code.end) == (country, sector, start, end)


def test_tabari_dictionary_codes_honoured_against_article_date(dictionary: Path) -> None:
    from dateline.extract import actors
    from dateline.model import Article
    from dateline.pipeline import annotate

    assert actors.load_dictionaries([dictionary]) > 0
    early = next(annotate([Article(text="Gandalf arrived in the city.", date=date(1996, 5, 1))]))
    late = next(annotate([Article(text="Gandalf arrived in the city.", date=date(2003, 5, 1))]))
    before = next(annotate([Article(text="Gandalf arrived in the city.", date=date(1990, 5, 1))]))
    assert [(a.country, a.sector) for a in early.actors if a.name == "Gandalf The Grey"] == [("ARN", "GOV")]
    assert [(a.country, a.sector) for a in late.actors if a.name == "Gandalf The Grey"] == [("ARN", "REB")]
    # The undated code is the default only where no dated code applies.
    assert [(a.country, a.sector) for a in before.actors if a.name == "Gandalf The Grey"] == [("ARN", "ELI")]


@pytest.mark.shared_data
def test_tabari_reads_a_real_phoenix_dictionary() -> None:
    path = Path(__file__).parents[2] / "shared" / "data" / "petrarch2" / "dictionaries" / "Phoenix.Countries.actors.txt"
    if not path.exists():
        pytest.skip("needs ../shared/data/petrarch2 (evaluation data, absent here)")
    entries = tabari.read_actors(path)
    putin = next(e for e in entries if e.name == "Vladimir Putin")
    assert "putin" in putin.phrases and any(c.sector == "GOV" for c in putin.codes)
