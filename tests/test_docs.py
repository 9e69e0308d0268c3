"""The documentation: docs/cli.md is what the generator prints now, the README stays a front
page, every relative link leads somewhere, the `make` targets the docs name exist, every
product benchmark is run by `make bench` and documented, and nothing speaks of how the
project is organised internally (sessions, issue numbers, tickets)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import click
import pytest

from _shared import REPO

DOCS = sorted((REPO / "docs").glob("*.md"))
PAGES = [REPO / "README.md", REPO / "CHANGELOG.md", REPO / "experiments" / "README.md", *DOCS]
SCRIPTS = sorted(p for d in ("bench", "tools", "experiments") for p in (REPO / d).glob("*.py"))

#: Pages written by a generator of `make docs`. While the generator itself is not in the
#: tree, a link to its page is not checked (the page cannot exist yet).
GENERATED = {"docs/tagger-rules.md": "tools/tagger_rules_doc.py"}

_LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)

#: Wording about how the work is organised, which means nothing to a user.
INTERNAL = [
    re.compile(r"\bsessions?\b", re.IGNORECASE),
    re.compile(r"\bissues?\s*#?\s*\d+", re.IGNORECASE),
    re.compile(r"\bissue\s*#", re.IGNORECASE),
    re.compile(r"\btickets?\b", re.IGNORECASE),
    re.compile(r"\b(?:other|another|the other)\s+engineers?\b", re.IGNORECASE),
    re.compile(r"\bcolleagues?\b", re.IGNORECASE),
]


def _cli_doc() -> Any:
    spec = importlib.util.spec_from_file_location("cli_doc", REPO / "tools" / "cli_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prose(path: Path) -> str:
    """The text of a Markdown page without its fenced code blocks."""
    return _FENCE.sub("", path.read_text(encoding="utf-8"))


def _anchors(path: Path) -> set[str]:
    """The anchors GitHub makes for the headings of ``path`` (duplicates get -1, -2, ...)."""
    seen: dict[str, int] = {}
    out = set()
    for _, title in _HEADING.findall(_prose(path)):
        title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", title)  # a link in a heading: its text
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def _broken_links(page: Path, root: Path = REPO) -> list[str]:
    broken = []
    for target in _LINK.findall(_prose(page)):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, ...
            continue
        file_part, _, fragment = target.partition("#")
        dest = (page.parent / file_part).resolve() if file_part else page
        rel = dest.relative_to(root).as_posix() if dest.is_relative_to(root) else str(dest)
        if not dest.exists():
            if rel in GENERATED and not (root / GENERATED[rel]).exists():
                continue
            broken.append(f"{target}: no file {rel}")
        elif fragment and dest.suffix == ".md" and fragment not in _anchors(dest):
            broken.append(f"{target}: no heading #{fragment} in {rel}")
    return broken


def test_cli_reference_is_what_the_generator_prints() -> None:
    committed = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == _cli_doc().render(), "docs/cli.md is out of date: run make docs"


def test_cli_reference_covers_every_command() -> None:
    from dateline.cli import main

    text = _cli_doc().render()
    for name in main.list_commands(click.Context(main)):
        assert f"## `dateline {name}`" in text
        assert f"Usage: dateline {name}" in text


def test_readme_is_a_front_page() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    for command in ("make demo", "make test"):  # the two commands that work on a fresh clone
        assert f"\n{command}\n" in text


def test_readme_shows_the_screenshot() -> None:
    assert "](docs/timeline.png)" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_lead_somewhere(page: Path) -> None:
    assert page.exists()
    assert _broken_links(page) == []


def test_the_link_check_finds_broken_links(tmp_path: Path) -> None:
    root = tmp_path.resolve()
    (root / "docs").mkdir()
    (root / "README.md").write_text("# Front page\n", encoding="utf-8")
    page = root / "docs" / "probe.md"
    page.write_text("# Probe `page`\n\n[a](nowhere.md) [b](#probe-page) [c](#elsewhere) [d](../README.md)\n"
                    "[e](../README.md#front-page) [f](../README.md#back-page) ![g](https://example.org/x.png)\n"
                    "[h](tagger-rules.md)\n```\n[i](in-a-code-block.md)\n```\n", encoding="utf-8")
    assert _broken_links(page, root) == ["nowhere.md: no file docs/nowhere.md",
                                         "#elsewhere: no heading #elsewhere in docs/probe.md",
                                         "../README.md#back-page: no heading #back-page in README.md"]
    (root / "tools").mkdir()
    (root / "tools" / "tagger_rules_doc.py").write_text("", encoding="utf-8")  # its generator is there
    assert "tagger-rules.md: no file docs/tagger-rules.md" in _broken_links(page, root)


@pytest.mark.parametrize("path", [*PAGES, *SCRIPTS, REPO / "Makefile", REPO / ".ci" / "run"],
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_no_internal_wording(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    found = [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group(0)!r}"
             for pattern in INTERNAL for m in pattern.finditer(text)]
    assert found == []


@pytest.mark.parametrize("text", ["as issue 3 asked", "see issue #12", "in this session",
                                  "the other engineers' load", "ticket"])
def test_internal_wording_is_recognised(text: str) -> None:
    assert any(p.search(text) for p in INTERNAL)


def test_make_targets_named_in_the_docs_exist() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w.-]+):", makefile, re.MULTILINE))
    command = re.compile(r"(?:`|^)make ([a-z][\w-]*)", re.MULTILINE)  # `make x` in prose, or a line of a block
    named = {t for page in PAGES for t in command.findall(page.read_text(encoding="utf-8"))}
    assert named, "the docs name no make target"
    assert named - targets == set()


def test_every_benchmark_is_run_by_make_bench_and_documented() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    listed = re.search(r"^BENCHMARKS\s*:=(.*)$", makefile, re.MULTILINE)
    assert listed
    in_make = set(listed.group(1).split())
    shipped = {p.stem for p in (REPO / "bench").glob("*.py")
               if "run_and_record(" in p.read_text(encoding="utf-8") and p.stem != "common"}
    assert shipped == in_make
    page = (REPO / "docs" / "benchmarks.md").read_text(encoding="utf-8")
    assert {name for name in shipped if f"python -m bench.{name}" not in page} == set()


def test_scripts_do_not_edit_the_import_path() -> None:
    assert [p.relative_to(REPO).as_posix() for p in SCRIPTS if "sys.path" in p.read_text(encoding="utf-8")] == []
