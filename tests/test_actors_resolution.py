"""Actor resolution: titles, demonyms, the actor table, coreference and the actors gold set."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from dateline.model import Actor, Article
from dateline.pipeline import annotate

GOLD = Path(__file__).parent / "gold" / "actors.jsonl"


def _code(text: str, day: date | None = date(2022, 2, 22)) -> Article:
    return next(annotate([Article(text=text, date=day, origin="test")]))


def _actor(article: Article, name: str) -> Actor:
    return next(a for a in article.actors if a.name == name)


@pytest.mark.parametrize(
    ("text", "name", "country", "sector"),
    [
        ("Russia's Foreign Minister Sergei Lavrov spoke to reporters.", "Sergei Lavrov", "RUS", "GOV"),
        ("Kazakhstani authorities asked for help.", "Kazakh government", "KAZ", "GOV"),
        ("The CSTO sent troops.", "Collective Security Treaty Organization", "CSTO", "IGO"),
        ("The West condemned the move.", "West", "WST", None),
        ("He accused Kyiv's ruling government of lying.", "Ukrainian government", "UKR", "GOV"),
        ("Turkish police detained ten people.", "Turkish police", "TUR", "COP"),
    ],
)
def test_actors_titles_and_demonyms(text: str, name: str, country: str, sector: str | None) -> None:
    actor = _actor(_code(text), name)
    assert (actor.country, actor.sector) == (country, sector)


def test_actors_pronoun_and_role_coreference() -> None:
    text = "Vladimir Putin spoke on Tuesday. The Russian leader said he would act."
    article = _code(text)
    putin = _actor(article, "Vladimir Putin")
    mentions = {article.slice(m) for m in putin.mentions}
    assert {"Vladimir Putin", "The Russian leader", "he"} <= mentions


def test_actors_gender_picks_the_right_person() -> None:
    article = _code("Angela Merkel met Dmitry Medvedev. She praised him.", date(2010, 3, 1))
    merkel = _actor(article, "Angela Merkel")
    assert "She" in {article.slice(m) for m in merkel.mentions}


def test_actors_dated_roles_follow_the_article_date() -> None:
    later = _actor(_code("Boris Johnson spoke.", date(2020, 1, 1)), "Boris Johnson")
    assert (later.country, later.sector) == ("GBR", "GOV")
    former = _actor(_code("Boris Johnson spoke.", date(2024, 1, 1)), "Boris Johnson")
    assert former.sector == "ELI"


def test_actors_pro_patron_rebels_belong_to_the_other_country() -> None:
    article = _code("Russia backs Ukraine's neighbours. Pro-Russian separatists shelled a village in Ukraine.")
    rebels = next(a for a in article.actors if a.sector == "REB")
    assert rebels.country == "UKR"


def test_actors_ner_mislabel_fixed_by_table() -> None:
    article = _code("Lavrov said the talks were over.")
    assert _actor(article, "Sergei Lavrov").type == "PERSON"


def test_actors_resolve_returns_the_mention() -> None:
    from dateline.extract import actors

    article = next(annotate([Article(text="Sergei Lavrov arrived. He spoke.", date=date(2022, 2, 22))],
                            keep_doc=True))
    start = article.text.index("He")
    ref = actors.resolve(article, (start, start + 2))
    assert ref is not None and ref.name == "Sergei Lavrov" and ref.span == (start, start + 2)


def test_actors_gold_floor() -> None:
    """Share of gold actors found with the right country, sector and every gold mention."""
    found = total = 0
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        article = _code(doc["text"], date.fromisoformat(doc["date"]))
        for gold in doc["actors"]:
            total += 1
            for actor in article.actors:
                spans = {tuple(m) for m in gold["mentions"]}
                if (actor.country, actor.sector) == (gold["country"], gold["sector"]) and spans <= set(actor.mentions):
                    found += 1
                    break
    assert total >= 15
    assert found / total >= 0.75
