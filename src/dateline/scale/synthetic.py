"""Small generated corpora for scale tests and benchmarks (sentences written for the project).

Articles are built from templates with varied actors, places, numbers and dates, so every
article has its own text (and id) but the pipeline finds real records in each. ``copies``
adds wire copies: the same story re-published by another outlet with a new lead sentence,
for the near-duplicate detector.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

_PAIRS = (
    ("Kenya", "Tanzania", "Nairobi", "William Ruto"),
    ("Peru", "Ecuador", "Lima", "Dina Boluarte"),
    ("Poland", "Ukraine", "Warsaw", "Andrzej Duda"),
    ("Serbia", "Kosovo", "Belgrade", "Aleksandar Vucic"),
    ("Armenia", "Azerbaijan", "Yerevan", "Nikol Pashinyan"),
    ("Egypt", "Sudan", "Cairo", "Abdel Fattah al-Sisi"),
    ("Japan", "Philippines", "Tokyo", "Fumio Kishida"),
    ("Colombia", "Venezuela", "Bogota", "Gustavo Petro"),
)
_TOPICS = ("border crossings", "grain exports", "fishing rights", "a prisoner exchange", "water sharing", "trade tariffs")
_OUTLETS = ("Daily Courier", "Evening Ledger", "Harbour Times", "Morning Wire", "Valley Post")
_TEMPLATES = (
    "{leader} met officials from {other} in {city} on {weekday} to discuss {topic}. "
    "The talks lasted {hours} hours, the foreign ministry of {country} said. "
    '"We agreed to meet again in {month}," {leader} told reporters after the meeting.',
    "Police in {city} arrested {n} protesters on {weekday} after a march against {topic}. "
    "The interior ministry of {country} said {n} officers were hurt. "
    "Opposition leaders accused the government of using force against peaceful crowds.",
    "{country} accused {other} of violating an agreement on {topic} on {weekday}. "
    "{leader} said the government in {city} would recall its ambassador within {hours} hours. "
    "Officials in {other} rejected the accusation and called for talks.",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_MONTHS = ("January", "March", "May", "July", "September", "November")


def synthetic_articles(n: int, seed: int = 7, copies: int = 0, start: date = date(2021, 3, 1)) -> Iterator[dict[str, Any]]:
    """``n`` distinct articles as contract JSON objects (``id``, ``date``, ``source``, ``text``).

    Each of the first ``copies`` articles is followed by one re-publication from another
    outlet a day later (same body, a different first sentence), so ``n + copies`` in all.
    """
    rng = random.Random(seed)
    for i in range(n):
        country, other, city, leader = rng.choice(_PAIRS)
        day = start + timedelta(days=rng.randrange(365))
        text = rng.choice(_TEMPLATES).format(
            country=country, other=other, city=city, leader=leader, topic=rng.choice(_TOPICS),
            weekday=rng.choice(_WEEKDAYS), month=rng.choice(_MONTHS), hours=rng.randrange(2, 99),
            n=rng.randrange(3, 400),
        )  # fmt: skip
        text = f"{text} Report number {i} of the series."
        outlet = rng.choice(_OUTLETS)
        yield {"id": f"s{i:06d}", "date": day.isoformat(), "source": outlet, "text": text}
        if i < copies:
            lead = f"{other} and {country} are again at odds, reports said on {rng.choice(_WEEKDAYS)}."
            reprint = next(o for o in _OUTLETS if o != outlet)
            yield {
                "id": f"s{i:06d}c",
                "date": (day + timedelta(days=1)).isoformat(),
                "source": reprint,
                "text": f"{lead} {text}",
            }
