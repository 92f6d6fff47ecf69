"""PLOVER coding conventions: ultimatums, conditions, preparation, failures, refusals, domestic
targets, unnamed victims, modifiers as actors and the crosswalk's de-escalation codes (all on
invented sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from dateline.eval.events import primary
from dateline.model import Event
from event_cases import coded, dyads


def _events(text: str, day: date = date(2021, 5, 4)) -> list[Event]:
    return coded(text, day).events


@pytest.mark.parametrize(
    ("text", "dyad"),
    [
        # an unless-clause makes the act a threat, and its condition never leads
        ("Ghana said it will withdraw its troops from Mali unless the junta holds elections.", ("THREATEN", "GHA", "MLI")),
        ("Peru threatened to expel Bolivian diplomats unless La Paz accepted its terms.", ("THREATEN", "PER", "BOL")),
        # getting ready for violence is mobilisation
        ("The Serbian army prepared to resume shelling Albanian positions.", ("MOBILIZE", "SRB", "ALB")),
        # a failed agreement and refusals to act are rejections
        ("Armenians and Azerbaijanis failed to reach agreement on the corridor on Monday.", ("REJECT", "ARM", None)),
        ("The Bolivian minister declined to resign despite pressure from Peru.", ("REJECT", "BOL", "PER")),
        ("Rebels in Mali dismissed an appeal from President Assimi Goita to disarm.", ("REJECT", "MLI", "MLI")),
        # a formal protest to a government is a complaint, not a demonstration
        ("Chile lodged an official protest with Argentina on Friday.", ("ACCUSE", "CHL", "ARG")),
        # a nominal's demonym or country modifier is its actor
        ("Palestinian riots against Israeli police continued on Sunday.", ("PROTEST", "PSE", "ISR")),
        # unnamed people harmed by a named actor take the sentence's country
        ("Kenyan police opened fire on Monday, killing one person.", ("ASSAULT", "KEN", "KEN")),
        # domestic protests and concessions target the source's own authorities
        ("Thousands of students in Chile staged demonstrations against President Boric.", ("PROTEST", "CHL", "CHL")),
        # the CAMEO parent decides the PLOVER type: 0872 (military) retreat, 081x (administrative) concession
        ("The Turkish army lifted its blockade of Armenia on Friday.", ("RETREAT", "TUR", "ARM")),
        ("The Nepalese government lifted the curfew in Kathmandu on Friday.", ("CONCEDE", "NPL", "NPL")),
        ("Cuba announced a suspension of flights to Venezuela.", ("SANCTION", "CUB", "VEN")),
    ],
)
def test_events_conventions_dyads(text: str, dyad: tuple[str, str, str | None]) -> None:
    events = _events(text)
    assert dyad in dyads(events), [(e.type, e.why) for e in events]
    top = primary(events)
    assert top is not None and top.type == dyad[0]


@pytest.mark.parametrize(
    "text",
    [
        "The Bolivian foreign minister declined to comment on the Peruvian report.",
        "Bolivian exports to Peru declined sharply in May.",
        "Ecuador failed to attack the Colombian positions.",
    ],
)
def test_events_conventions_no_false_rejections(text: str) -> None:
    assert not any(e.type in ("REJECT", "ASSAULT") for e in _events(text))


def test_events_conventions_condition_is_hypothetical() -> None:
    events = _events("Iraq threatened to attack Kuwait unless Kuwait agreed to its demands.")
    conditions = [e for e in events if e.type == "AGREE"]
    assert all(e.status == "hypothetical" for e in conditions)
    top = primary(events)
    assert top is not None and top.type == "THREATEN"


def test_events_conventions_one_sided_resignation_has_no_target() -> None:
    events = [e for e in _events("Georgian President Salome Zourabichvili resigned on Sunday in Tbilisi.")
              if e.type == "RETREAT"]
    assert events and all(e.target is None for e in events)
