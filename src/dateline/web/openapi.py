"""The OpenAPI 3.0 description served at ``/openapi.json`` (built here so it cannot drift from the code's limits)."""

from __future__ import annotations

from typing import Any

from ..settings import VERSION
from .api import MAX_OFFSET, MAX_PAGE, MAX_VALUE, PERIODS, SPLITS

_TEXT = {"type": "string", "maxLength": MAX_VALUE}

FILTERS: dict[str, tuple[dict[str, Any], str]] = {
    "since": ({"type": "string", "format": "date"}, "first date (YYYY-MM-DD), inclusive"),
    "until": ({"type": "string", "format": "date"}, "last date (YYYY-MM-DD), inclusive"),
    "actor": (_TEXT, "part of an actor name (events: either side; quotes: speaker; actors: name)"),
    "country": (_TEXT, "ISO 3166-1 alpha-3 or bloc code of either side, the speaker or the actor"),
    "type": (_TEXT, "PLOVER event type (events) or entity type (actors)"),
    "quad_class": ({"type": "integer", "enum": [1, 2, 3, 4]}, "1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict"),
    "min_confidence": ({"type": "number", "minimum": 0, "maximum": 1}, "events at or above this confidence (higher: fewer, more precise)"),
    "place": (_TEXT, "part of a place name or its ISO3 country (events: location; others: places mentioned)"),
    "speaker": (_TEXT, "part of a speaker's name or mention (quotes; articles quoting them)"),
    "text": (_TEXT, "words in the article (articles), the quote (quotes) or the evidence sentence (events)"),
    "article": (_TEXT, "only records of this article id"),
}
PAGING: dict[str, tuple[dict[str, Any], str]] = {
    "limit": ({"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 50}, f"page size (at most {MAX_PAGE})"),
    "offset": ({"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0}, "rows to skip"),
}

_EVIDENCE = {
    "type": "object",
    "description": "where the record comes from: the article, the span of the sentence (or mention) and its text",
    "properties": {
        "article_id": {"type": "string"},
        "span": {"type": "array", "items": {"type": "integer"}, "nullable": True},
        "text": {"type": "string", "nullable": True},
    },
    "required": ["article_id", "span", "text"],
}


def _page_of(item: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["total", "limit", "offset", "items"],
        "properties": {
            "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "items": {"type": "array", "items": item},
        },
    }  # fmt: skip


def _record(required: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": [*required, "evidence"], "properties": {"evidence": _EVIDENCE}}


def _params(names: tuple[str, ...], extra: dict[str, tuple[dict[str, Any], str]] | None = None) -> list[dict[str, Any]]:
    table = {**FILTERS, **PAGING, **(extra or {})}
    return [{"name": n, "in": "query", "required": False, "schema": table[n][0], "description": table[n][1]} for n in names]


def _get(summary: str, params: list[dict[str, Any]], schema: dict[str, Any], not_found: bool = False) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": schema}}},
        "400": {"description": "a parameter was refused; `error` says which", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        "503": {"description": "the query ran past the time limit (narrow the filters), or an ingest is writing the ledger (retry after the Retry-After header's seconds)", "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds to wait when the ledger is busy"}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    }  # fmt: skip
    if not_found:
        responses["404"] = {"description": "no such article", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"get": {"summary": summary, "parameters": params, "responses": responses}}


ALL = tuple(FILTERS) + tuple(PAGING)
ENDPOINT_PARAMS: dict[str, tuple[str, ...]] = {
    "/api/stats": (),
    "/api/articles": ALL,
    "/api/events": ALL,
    "/api/quotes": ALL,
    "/api/speakers": ALL,
    "/api/actors": ALL,
    "/api/places": ALL,
    "/api/map": ALL,
    "/api/timeline": (*FILTERS, "period", "split"),
    "/api/dyads": (*ALL, "by"),
    "/api/search": ("q", "since", "until", "limit", "offset"),
    "/api/articles/{id}": (),
}
"""The query parameters each endpoint accepts; the server refuses any other."""

EXTRA: dict[str, tuple[dict[str, Any], str]] = {
    "period": ({"type": "string", "enum": list(PERIODS), "default": "month"}, "bucket size"),
    "split": ({"type": "string", "enum": list(SPLITS), "default": "quad_class"}, "series: event type, quad class or none"),
    "by": ({"type": "string", "enum": ["country", "actor"], "default": "country"}, "dyad level"),
    "q": ({"type": "string", "minLength": 1, "maxLength": MAX_VALUE}, "words to find (full-text search, ranked)"),
}


def spec() -> dict[str, Any]:
    """The OpenAPI document."""
    obj = {"type": "object"}
    paths: dict[str, Any] = {
        "/api/stats": _get("row counts and date range", [], {"type": "object", "required": ["counts"]}),
        "/api/articles": _get("articles (metadata and lead), newest first", _params(ALL), _page_of({"type": "object", "required": ["id", "date", "snippet"]})),
        "/api/events": _get("coded events with their evidence sentence", _params(ALL), _page_of(_record(["id", "type", "article_id"]))),
        "/api/quotes": _get("attributed quotes with their evidence", _params(ALL), _page_of(_record(["id", "content", "article_id"]))),
        "/api/speakers": _get("speakers by number of quotes", _params(ALL), _page_of({"type": "object", "required": ["name", "quotes"]})),
        "/api/actors": _get("actors merged across articles, with an example mention", _params(ALL), _page_of(_record(["name", "articles"]))),
        "/api/places": _get("places mentioned, with an example mention", _params(ALL), _page_of(_record(["name", "mentions"]))),
        "/api/map": _get("event locations with counts and mean Goldstein", _params(ALL), _page_of({"type": "object", "required": ["lat", "lon", "events"]})),
        "/api/timeline": _get("event counts per period", _params(ENDPOINT_PARAMS["/api/timeline"], EXTRA), {"type": "object", "required": ["buckets", "undated"]}),
        "/api/dyads": _get("event counts and mean Goldstein per source-target pair", _params(ENDPOINT_PARAMS["/api/dyads"], EXTRA), _page_of({"type": "object", "required": ["source", "target", "events"]})),
        "/api/search": _get("full-text search over articles, best first", _params(ENDPOINT_PARAMS["/api/search"], EXTRA), _page_of({"type": "object", "required": ["id", "snippet"]})),
        "/api/articles/{id}": _get("one article with its text and every record coded from it", [], {"type": "object", "required": ["article", "events", "quotes", "times", "places", "actors"]}, not_found=True),
    }  # fmt: skip
    paths["/api/articles/{id}"]["get"]["parameters"] = [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "minLength": 1, "maxLength": MAX_VALUE, "pattern": "^[A-Za-z0-9_.:-]+$"}}
    ]
    paths["/api/search"]["get"]["parameters"][0]["required"] = True
    return {
        "openapi": "3.0.3",
        "info": {"title": "dateline ledger API", "version": VERSION, "description": "Read-only access to a dateline ledger: every record comes with its evidence."},
        "paths": paths,
        "components": {"schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}, "Object": obj}},
    }  # fmt: skip
