"""The README documents every command and every filter that ``dateline events --help`` offers."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from dateline.cli import build_parser

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("command", sorted(_subparsers()))
def test_cli_docs_readme_names_every_command(command: str) -> None:
    assert f"dateline {command}" in README or f"| {command}" in README or f"`{command}`" in README


@pytest.mark.parametrize(
    "option",
    sorted(
        opt
        for action in _subparsers()["events"]._actions
        for opt in action.option_strings
        if opt.startswith("--") and opt not in ("--help", "--db")
    ),
)
def test_cli_docs_readme_names_every_events_filter(option: str) -> None:
    assert f"`{option}" in README, f"README does not document {option} of `dateline events`"
