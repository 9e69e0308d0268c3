"""The lexicon package: every table is a name of the package, once, and follows the
conventions the grammar relies on (lower-case keys; an abbreviation ends in a dot)."""

from __future__ import annotations

import ast
import importlib
import inspect
from enum import Enum
from types import ModuleType

import pytest

from dateline.timex import lexicon as lx

MODULES = ["amounts", "calendar", "cues", "filters", "modifiers"]


def _defined(module: ModuleType) -> set[str]:
    """The public names a lexicon module defines (its tables and enums), read from its source."""
    names: set[str] = set()
    for node in ast.parse(inspect.getsource(module)).body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return {n for n in names if not n.startswith("_")} - {"__all__"}


@pytest.mark.parametrize("name", MODULES)
def test_each_module_exports_exactly_what_it_defines(name: str) -> None:
    module = importlib.import_module(f"dateline.timex.lexicon.{name}")
    assert sorted(module.__all__) == sorted(_defined(module))


def test_the_package_holds_every_table_once() -> None:
    seen: dict[str, str] = {}
    for name in MODULES:
        module = importlib.import_module(f"dateline.timex.lexicon.{name}")
        for table in module.__all__:
            assert table not in seen, f"{table} is in {seen.get(table)} and {name}"
            seen[table] = name
            assert getattr(lx, table) is getattr(module, table)
    assert len(seen) > 90


def _string_keys(table: object) -> list[str]:
    if isinstance(table, dict | frozenset | tuple):
        return [k for k in table if isinstance(k, str) and not isinstance(k, Enum)]
    return []


def test_keys_are_lower_case() -> None:
    """The normalisers look words up by their lower-case key; only the abbreviations the tense
    scan must not end a sentence at are spelt as written (and season codes are not words)."""
    for name in dir(lx):
        table = getattr(lx, name)
        if name.startswith("_") or isinstance(table, type) or name in ("NON_FINAL_ABBREVIATIONS",
                                                                        "SEASON_START_MONTH"):
            continue
        for k in _string_keys(table):
            assert k == k.lower(), (name, k)


def test_abbreviations_that_need_their_dot_are_weekday_abbreviations() -> None:
    assert {k for k in lx.WEEKDAYS if k.endswith(".")} >= lx.DOT_REQUIRED


def test_enums_hold_timex3_spellings() -> None:
    assert {m.value for m in lx.Mod} <= {"START", "MID", "END", "APPROX", "MORE_THAN", "LESS_THAN",
                                         "EQUAL_OR_MORE", "EQUAL_OR_LESS", "BEFORE", "AFTER",
                                         "ON_OR_BEFORE", "ON_OR_AFTER"}
    assert {m.value for m in lx.DayPart} == {"MO", "AF", "EV", "NI"}
    assert set(lx.PARTS_OF_DAY.values()) == set(lx.DayPart)
    assert {spec[0] for spec in lx.HOLIDAYS.values()} == set(lx.HolidayForm)
    assert all(isinstance(v, Enum) for v in (*lx.DATE_MODIFIERS.values(), *lx.QUANTITY_MODIFIERS.values(),
                                             *lx.APPROX_SUFFIXES.values()))


def test_units_are_consistent() -> None:
    assert set(lx.UNIT_SPELLINGS.values()) <= set(lx.UNITS)
    assert {"second", "minute", "hour"} == lx.TIME_UNITS
    for unit, (smaller, factor) in lx.SMALLER_UNITS.items():
        assert unit in lx.UNITS and smaller in lx.UNITS and factor > 1
    assert set(lx.UNITS) >= lx.POINT_UNITS | lx.LATEST_UNITS | lx.PERIOD_UNITS
