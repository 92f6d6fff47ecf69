"""Time expressions found in hand-made sentences and resolved against the article date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from dateline.extract import times
from dateline.model import Article, PartialDate

TUE = date(2022, 2, 22)


@pytest.fixture(scope="session")
def times_nlp() -> Language:
    """The spaCy pipeline, loaded once for the times tests."""
    from dateline.nlp import load_model

    return load_model()


def _annotate(nlp: Language, text: str, day: date | None = TUE) -> Article:
    article = Article(text=text, date=day)
    article.doc = nlp(text)
    times.annotate(article)
    return article


def _values(article: Article) -> dict[str, tuple[str, str]]:
    return {article.slice(t.span): (t.value, t.type) for t in article.times}


@pytest.mark.parametrize(
    ("text", "phrase", "value", "kind"),
    [
        ("Putin met Aliyev at the Kremlin on Tuesday.", "Tuesday", "2022-02-22", "DATE"),
        ("The envoy arrived on Friday.", "Friday", "2022-02-18", "DATE"),
        ("The envoy will arrive on Friday.", "Friday", "2022-02-25", "DATE"),
        ("Riots broke out in January.", "January", "2022-01", "DATE"),
        ("The vote will take place in March.", "March", "2022-03", "DATE"),
        ("The company was founded in March.", "March", "2021-03", "DATE"),
        ("It was signed on March 3, 2021.", "March 3, 2021", "2021-03-03", "DATE"),
        ("It was signed on 3 March 2021.", "3 March 2021", "2021-03-03", "DATE"),
        ("It was signed on 2021-03-03.", "2021-03-03", "2021-03-03", "DATE"),
        ("It was signed on 03/04/2021.", "03/04/2021", "2021-03-04", "DATE"),
        ("Talks resumed Feb. 20 in Geneva.", "Feb. 20", "2022-02-20", "DATE"),
        ("The war began in 2014.", "2014", "2014", "DATE"),
        ("Inflation was low in the 1990s.", "the 1990s", "199", "DATE"),
        ("The plan was announced yesterday.", "yesterday", "2022-02-21", "DATE"),
        ("Shelling increased last week.", "last week", "2022-W07", "DATE"),
        ("The convoy left two days ago.", "two days ago", "2022-02-20", "DATE"),
        ("Troops massed earlier this month.", "earlier this month", "2022-02", "DATE"),
        ("Elections are due next year.", "next year", "2023", "DATE"),
        ("Talks continue this week.", "this week", "2022-W08", "DATE"),
        ("Exports fell last month.", "last month", "2022-01", "DATE"),
        ("Prices rose recently.", "recently", "PAST_REF", "DATE"),
        ("Prices are high now.", "now", "PRESENT_REF", "DATE"),
        ("The siege lasted for three weeks.", "three weeks", "P3W", "DURATION"),
        ("They agreed a 48-hour truce.", "48-hour", "PT48H", "DURATION"),
        ("Monitors meet every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
        ("The bulletin appears weekly.", "weekly", "P1W", "SET"),
        ("Rebels have held the town since 2014.", "2014", "2014", "DATE"),
        ("He praised the 2014 revolution.", "2014", "2014", "DATE"),
        ("The session opens at 9 a.m.", "9 a.m.", "2022-02-22T09:00", "TIME"),
        ("Sirens sounded on Sunday night.", "Sunday night", "2022-02-20TNI", "TIME"),
        ("Profit rose in the third quarter.", "the third quarter", "2021-Q3", "DATE"),
        ("They married in the winter of nineteen ninety-four.", "the winter of nineteen ninety-four", "1994-WI",
         "DATE"),
        ("Police dispersed the January riots.", "January", "2022-01", "DATE"),
        ("The treaty was signed on Oct. 23.", "Oct. 23", "2021-10-23", "DATE"),
        ("The fiscal year ended Jan. 31.", "Jan. 31", "2022-01-31", "DATE"),
        ("The board declared a dividend payable March 7.", "March 7", "2022-03-07", "DATE"),
        ("The rules take effect effective Sept. 1.", "Sept. 1", "2022-09-01", "DATE"),
        ("The offer had been scheduled to expire Friday.", "Friday", "2022-02-18", "DATE"),
    ],
)
def test_times_values(times_nlp: Language, text: str, phrase: str, value: str, kind: str) -> None:
    found = _values(_annotate(times_nlp, text))
    assert found.get(phrase) == (value, kind), found


@pytest.mark.parametrize(
    "text",
    [
        "Three people were hurt and 12 houses burned.",
        "The CSTO sent 2,500 troops to Kazakhstan.",
        "We know what we want.",
        "The 45-year-old mayor came third.",
        "He may say more, the minister said.",
        "Its quarterly dividend is 5 cents.",
        "Rooms cost $40 a night.",
        "Sales should rise 8% annually.",
        "The recent attacks worried him.",
        "The previously announced deal closed.",
        "The vote will come soon.",
        "Now, he says, the talks are over.",
        "Nothing happened that day.",
    ],
)
def test_times_ignores_numbers_that_are_not_times(times_nlp: Language, text: str) -> None:
    assert _values(_annotate(times_nlp, text)) == {}


def test_times_records_carry_date_signal_and_version(times_nlp: Language) -> None:
    article = _annotate(times_nlp, "Lavrov spoke on Tuesday about January.")
    first = article.times[0]
    assert first.date == PartialDate(2022, 2, 22)
    assert first.signal is not None and article.slice(first.signal) == "on"
    assert first.anchor == TUE and first.extractor == f"{times.NAME}/{times.VERSION}"
    assert article.times[1].date == PartialDate(2022, 1)


def test_times_without_article_date(times_nlp: Language) -> None:
    text = "On Tuesday, after talks in 2014 and on May 5, 2020, he left."
    found = _values(_annotate(times_nlp, text, None))
    assert found["Tuesday"] == ("XXXX-WXX-2", "DATE")
    assert found["2014"] == ("2014", "DATE")
    assert found["May 5, 2020"] == ("2020-05-05", "DATE")


def test_times_sample_article(times_nlp: Language, sample_path: Path) -> None:
    from dateline.ingest.readers import read

    article = next(a for a in read([sample_path]) if isinstance(a, Article))
    article.doc = times_nlp(article.text)
    times.annotate(article)
    found = [(article.slice((t.signal or t.span)[0:1] + t.span[1:]), t.value) for t in article.times]
    assert ("on Tuesday", "2022-02-22") in found
    assert ("January", "2022-01") in found
    assert ("2014", "2014") in found


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("He fled in June 1998 and returned later that year.", "later that year", "1998"),
        ("He was promoted in 1995, and the following year he retired.", "the following year", "1996"),
        ("The bid was made in March 2019. The following month, it collapsed.", "The following month", "2019-04"),
        ("Riots began on May 3, 2020. The next day, troops arrived.", "The next day", "2020-05-04"),
        ("The index fell on Friday, down 2% from the previous Friday.", "the previous Friday", "2022-02-11"),
        ("Imports reached $1 billion in 1988. Exports doubled that year.", "that year", "1988"),
        ("Elections are due next year.", "next year", "2023"),
    ],
)
def test_times_values_anchored_to_a_named_date(times_nlp: Language, text: str, phrase: str, value: str) -> None:
    found = _values(_annotate(times_nlp, text))
    assert found.get(phrase, ("",))[0] == value, found


def test_times_anaphoric_without_a_named_date_is_dropped(times_nlp: Language) -> None:
    found = _values(_annotate(times_nlp, "Prices fell. That year was hard, and that day too."))
    assert "That year" not in found and "that day" not in found
