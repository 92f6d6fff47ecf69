"""The PLOVER ↔ CAMEO crosswalk, QuadClass and Goldstein values."""

from __future__ import annotations

import pytest

from dateline.extract import cameo
from dateline.model import EVENT_TYPES


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_cameo_every_plover_type_has_a_code_that_maps_back(event_type: str) -> None:
    code = cameo.cameo_for(event_type, None)
    assert cameo.plover_for(code) == event_type


@pytest.mark.parametrize(
    ("event_type", "mode", "code", "quad"),
    [("MOBILIZE", "troops", "154", 4), ("CONSULT", "visit", "042", 1), ("AID", "military", "072", 2),
     ("ACCUSE", "allege", "112", 3), ("SUPPORT", "recognize", "054", 1)],
)
def test_cameo_modes_and_quad_class(event_type: str, mode: str, code: str, quad: int) -> None:
    assert cameo.cameo_for(event_type, mode) == code
    assert cameo.quad_class(code) == quad


def test_cameo_goldstein_sign_follows_quad_class() -> None:
    for (event_type, mode), code in cameo.PLOVER_TO_CAMEO.items():
        weight = cameo.goldstein(code)
        assert -10 <= weight <= 10, (event_type, mode)
        assert (weight >= 0) == (cameo.quad_class(code) <= 2), (event_type, mode, code)


def test_cameo_penta_class_separates_statements() -> None:
    assert cameo.penta_class("020") == 0
    assert cameo.penta_class("190") == 4
