"""Property tests against the OpenAPI description: schemathesis generates requests for every endpoint and
checks each response (no server error, documented status, content type and schema)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e .[dev])")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from dateline.web.openapi import ENDPOINT_PARAMS  # noqa: E402
from dateline.web.server import make_server  # noqa: E402
from test_web_api import build_sample  # noqa: E402


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The served OpenAPI document, loaded by schemathesis from a live server on an ephemeral port."""
    db = build_sample(tmp_path_factory.mktemp("openapi") / "sample.duckdb")
    server = make_server(db, port=0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.RequestHandlerClass.service.fts_ready.wait(timeout=30)  # type: ignore[attr-defined]
    yield schemathesis.openapi.from_url(f"http://127.0.0.1:{server.server_address[1]}/openapi.json")
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("path", sorted(ENDPOINT_PARAMS))
def test_web_openapi_conformance(api_schema: Any, path: str) -> None:
    """Generated requests (valid per the description) for one endpoint all get conforming responses."""
    # schemathesis' own pytest plugin does not load under pytest 9, so hypothesis drives its strategies.
    operation = api_schema[path]["GET"]

    @given(data=st.data())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(data: st.DataObject) -> None:
        case = data.draw(operation.as_strategy())
        case.call_and_validate()

    check()
