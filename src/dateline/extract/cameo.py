"""The PLOVER ↔ CAMEO crosswalk, QuadClass and Goldstein values.

Written for dateline from the public definitions of the two codebooks: each PLOVER type (and
mode) has a CAMEO code; each CAMEO root has a QuadClass (1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict) and each code a Goldstein weight in [-10, 10].
"""

from __future__ import annotations

PLOVER_TO_CAMEO: dict[tuple[str, str | None], str] = {
    ("AGREE", None): "030", ("AGREE", "meet"): "036", ("AGREE", "aid"): "033",
    ("CONSULT", None): "040", ("CONSULT", "phone"): "041", ("CONSULT", "visit"): "042",
    ("CONSULT", "third-party"): "045", ("CONSULT", "meet"): "040", ("CONSULT", "multilateral"): "044",
    ("SUPPORT", None): "050", ("SUPPORT", "praise"): "051", ("SUPPORT", "defend"): "052",
    ("SUPPORT", "recognize"): "054", ("SUPPORT", "apologize"): "055", ("SUPPORT", "forgive"): "056",
    ("SUPPORT", "sign"): "057",
    ("COOPERATE", None): "060", ("COOPERATE", "economic"): "061", ("COOPERATE", "military"): "062",
    ("COOPERATE", "legal"): "063", ("COOPERATE", "intelligence"): "064",
    ("AID", None): "070", ("AID", "economic"): "071", ("AID", "military"): "072",
    ("AID", "humanitarian"): "073", ("AID", "peacekeeping"): "074", ("AID", "asylum"): "075",
    ("CONCEDE", None): "080", ("CONCEDE", "access"): "086",
    ("RETREAT", None): "087", ("RETREAT", "withdraw"): "0874", ("RETREAT", "release"): "0841",
    ("RETREAT", "disarm"): "0873", ("RETREAT", "ceasefire"): "0871", ("RETREAT", "resign"): "0831",
    ("RETREAT", "access"): "086",
    ("REQUEST", None): "020", ("REJECT", None): "120",
    ("ACCUSE", None): "110", ("ACCUSE", "disapprove"): "111", ("ACCUSE", "allege"): "112",
    ("ACCUSE", "investigate"): "090",
    ("THREATEN", None): "130", ("THREATEN", "violence"): "138", ("THREATEN", "relations"): "134",
    ("PROTEST", None): "140", ("PROTEST", "demo"): "141", ("PROTEST", "hunger"): "142",
    ("PROTEST", "strike"): "143", ("PROTEST", "boycott"): "143", ("PROTEST", "obstruct"): "144",
    ("PROTEST", "riot"): "145",
    ("SANCTION", None): "160", ("SANCTION", "discontinue"): "161", ("SANCTION", "expel"): "1663",
    ("SANCTION", "withdraw"): "166",
    ("MOBILIZE", None): "150", ("MOBILIZE", "police"): "153", ("MOBILIZE", "troops"): "154",
    ("MOBILIZE", "weapons"): "152",
    ("COERCE", None): "170", ("COERCE", "seize"): "171", ("COERCE", "restrict"): "172",
    ("COERCE", "curfew"): "1723", ("COERCE", "martial-law"): "1724", ("COERCE", "arrest"): "173",
    ("COERCE", "deport"): "174", ("COERCE", "censor"): "1721", ("COERCE", "cyber"): "176",
    ("COERCE", "abduct"): "181",
    ("ASSAULT", None): "190", ("ASSAULT", "abduct"): "181", ("ASSAULT", "beat"): "182",
    ("ASSAULT", "torture"): "1821", ("ASSAULT", "explosives"): "183", ("ASSAULT", "targeted"): "186",
    ("ASSAULT", "occupy"): "192", ("ASSAULT", "firearms"): "193", ("ASSAULT", "heavy-weapons"): "194",
    ("ASSAULT", "aerial"): "195", ("ASSAULT", "unconventional"): "204",
}  # fmt: skip
"""(PLOVER type, mode) → CAMEO code; ``(type, None)`` is the type's default."""

CAMEO_ROOT_TO_PLOVER: dict[str, str] = {
    "01": "CONSULT", "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT",
    "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION", "17": "COERCE", "18": "ASSAULT",
    "19": "ASSAULT", "20": "ASSAULT",
}  # fmt: skip
"""CAMEO root → PLOVER type (01 "make public statement" has no PLOVER type; CONSULT is nearest)."""

_PLOVER_BY_PREFIX: dict[str, str] = {"0831": "RETREAT", "084": "RETREAT", "086": "RETREAT", "087": "RETREAT"}
"""CAMEO 08 (yield) splits in PLOVER: releases, access, de-escalation and resignations are RETREAT."""

_ROOT_GOLDSTEIN: dict[str, float] = {
    "01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
    "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0,
    "18": -9.0, "19": -10.0, "20": -10.0,
}  # fmt: skip

_CODE_GOLDSTEIN: dict[str, float] = {
    "030": 4.0, "033": 5.2, "036": 4.0, "040": 1.0, "041": 1.0, "042": 1.9, "043": 2.8, "044": 2.5,
    "045": 5.0, "046": 7.0, "050": 3.5, "051": 3.4, "052": 3.5, "054": 6.2, "055": 7.0, "056": 7.0,
    "057": 8.0, "060": 6.0, "061": 6.4, "062": 7.4, "063": 6.0, "064": 7.0, "070": 7.0, "071": 7.4,
    "072": 8.3, "073": 7.4, "074": 8.5, "075": 7.0, "080": 5.0, "0831": 5.0, "0841": 7.0, "086": 9.0,
    "087": 9.0, "0871": 9.0, "0873": 9.0, "0874": 10.0, "020": 3.0, "090": -2.0, "100": -5.0,
    "110": -2.0, "111": -2.0, "112": -2.0, "115": -2.0, "120": -4.0, "130": -4.4, "134": -5.8,
    "138": -7.0, "139": -7.0, "140": -6.5, "141": -6.5, "142": -6.5, "143": -6.5, "144": -7.5,
    "145": -7.5, "150": -7.2, "152": -7.2, "153": -7.2, "154": -7.2, "160": -4.0, "161": -4.0,
    "163": -8.0, "166": -5.0, "1663": -5.0, "170": -7.0, "171": -9.2, "172": -5.0, "1721": -5.0,
    "1723": -5.0, "1724": -5.0, "173": -5.0, "174": -5.0, "176": -7.0, "181": -9.0, "182": -9.0,
    "1821": -9.0, "183": -10.0, "186": -10.0, "190": -10.0, "192": -9.5, "193": -10.0, "194": -10.0,
    "195": -10.0, "202": -10.0, "204": -10.0,
}  # fmt: skip
"""Goldstein weights of the codes the coder emits (others fall back to their root's weight)."""


def cameo_for(event_type: str, mode: str | None) -> str:
    """The CAMEO code for a PLOVER type and mode (the type's default when the mode has none)."""
    return PLOVER_TO_CAMEO.get((event_type, mode)) or PLOVER_TO_CAMEO[(event_type, None)]


def quad_class(code: str) -> int:
    """QuadClass of a CAMEO code: 1 verbal coop (01–05), 2 material coop (06–08), 3 verbal
    conflict (09–13), 4 material conflict (14–20)."""
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def penta_class(code: str) -> int:
    """PentaClass: 0 statement/appeal (01–02), else the QuadClass."""
    return 0 if int(code[:2]) <= 2 else quad_class(code)


def goldstein(code: str) -> float:
    """The Goldstein weight of a CAMEO code."""
    return _CODE_GOLDSTEIN.get(code, _ROOT_GOLDSTEIN.get(code[:2], 0.0))


def plover_for(code: str) -> str | None:
    """The PLOVER type of a CAMEO code."""
    for prefix in (code[:4], code[:3]):
        if prefix in _PLOVER_BY_PREFIX:
            return _PLOVER_BY_PREFIX[prefix]
    return CAMEO_ROOT_TO_PLOVER.get(code[:2])
