"""The temporal tagger: ``dateline tag`` and ``dateline evaluate-timex``."""

from __future__ import annotations

import sys
from typing import Any

import click

from dateline.cli.base import friendly_errors, main


def _tag_input(file: str | None, dct: str | None) -> tuple[str, Any, int, str]:
    """(text to tag, anchor, offset of that text in the input, input name) for ``dateline tag``."""
    from dateline.errors import InputError
    from dateline.readers._io import decode, parse_day, read_text
    from dateline.readers.dateline_text import looks_like, parse

    name = "<stdin>" if file in (None, "-") else str(file)
    text = decode(sys.stdin.buffer.read(), name) if file in (None, "-") else read_text(str(file))
    if dct is not None:
        try:
            anchor = parse_day(dct)
        except ValueError:
            anchor = None
        if anchor is None:
            raise click.BadParameter(f"{dct!r} is not a date: expected YYYY-MM-DD", param_hint="--dct")
        return text, anchor, 0, name
    if not looks_like(text):
        raise InputError(name, 1, "no --dct given and the input has no 'date YYYY-MM-DD TOPIC' header "
                                  "line: give --dct YYYY-MM-DD or a file in the dateline text format")
    article = parse(text, name)  # validates the header and the body
    header_end = 0
    for line in text.splitlines(keepends=True):  # the header is the first non-blank line
        header_end += len(line)
        if line.strip():
            break
    return text[header_end:], article.published, header_end, name


@main.command("tag")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--dct", metavar="YYYY-MM-DD",
              help="Publication date the expressions are resolved against (not needed for a file "
                   "in the dateline text format: its header date is used).")
@click.option("--json", "as_json", is_flag=True,
              help='One JSON object per timex: {"start", "end", "text", "type", "value"}.')
@click.option("--timeml", is_flag=True,
              help="FILES are TimeML (.tml) or TempEval-3 input (.TE3input) files; the anchor is each "
                   "file's DCT; writes <name>.tml to --out.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Output directory for --timeml.")
@friendly_errors
def tag_command(files: tuple[str, ...], dct: str | None, as_json: bool, timeml: bool,
                out_dir: str | None) -> None:
    """Find time expressions and resolve them against the publication date.

    \b
      dateline tag --dct 2018-01-24 article.txt      a table of the expressions
      echo "The mayor resigned Wednesday." | dateline tag --dct 2018-01-24 - --json
      dateline tag story.txt                         a dateline-format file: header date
      dateline tag --timeml data/*.tml --out tagged/ TimeML in, TimeML out

    Offsets (start, end) are character offsets into the input as read (for a dateline-format
    file without --dct, the header line is not tagged but offsets still count it).
    """
    import json

    from dateline.timex import tag

    if timeml:
        _tag_timeml(files, out_dir, dct)
        return
    if out_dir:
        raise click.UsageError("--out is only used with --timeml")
    if len(files) > 1:
        raise click.UsageError("give one FILE (or - for standard input); use --timeml for many files")
    text, anchor, offset, name = _tag_input(files[0] if files else None, dct)
    timexes = tag(text, anchor)
    if as_json:
        for t in timexes:
            click.echo(json.dumps({"start": t.start + offset, "end": t.end + offset, "text": t.text,
                                   "type": t.type.value, "value": t.value}, ensure_ascii=False))
        return
    click.echo(f"{name}: {len(timexes)} time expression{'s' * (len(timexes) != 1)}, anchor {anchor}")
    if timexes:
        width = max(len(t.value) for t in timexes)
        for t in timexes:
            mod = f"  mod={t.mod}" if t.mod else ""
            click.echo(f"{t.start + offset:>7}-{t.end + offset:<7} {t.type.value:<9} {t.value:<{width}}  "
                       f"{t.text!r}{mod}")


def _tag_timeml(files: tuple[str, ...], out_dir: str | None, dct: str | None) -> None:
    from pathlib import Path

    from dateline.errors import InputError
    from dateline.timex import tag
    from dateline.timex.timeml import output_name, read_timeml, write_timeml

    if dct:
        raise click.UsageError("--dct is not used with --timeml: each file's DCT is its anchor")
    if not files or not out_dir:
        raise click.UsageError("--timeml needs FILE... and --out DIR")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    failed = written = total = 0
    for file in files:
        try:
            doc = read_timeml(file)
            if doc.dct is None:
                raise InputError(file, None, "no document creation time: expected "
                                             '<DCT><TIMEX3 ... value="YYYY-MM-DD"> before <TEXT>')
            timexes = tag(doc.text, doc.dct)
            write_timeml(doc, timexes, out / output_name(file))
        except InputError as exc:
            click.echo(f"error: {exc} (skipped)", err=True)
            failed += 1
            continue
        written += 1
        total += len(timexes)
    click.echo(f"wrote {written} file{'s' * (written != 1)} to {out} ({total} timexes)"
               + (f"; {failed} skipped" if failed else ""))
    if failed:
        sys.exit(1)


@main.command("evaluate-timex")
@click.option("--gold", "gold_dir", required=True, multiple=True, type=click.Path(file_okay=False, exists=True),
              help="Directory of gold TimeML files (may be given more than once).")
@click.option("--system", "system_dir", required=True, multiple=True,
              type=click.Path(file_okay=False, exists=True),
              help="Directory of system TimeML files, matched to gold by DOCID (may be given more than once).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@friendly_errors
def evaluate_timex_command(gold_dir: tuple[str, ...], system_dir: tuple[str, ...], as_json: bool) -> None:
    """Score time-expression tagging the way the TempEval-3 scorer does (DCT excluded).

    Strict match = same span, relaxed = overlapping spans; type and value accuracy over the
    relaxed matches; "value F1": a timex counts when it overlaps one with the same value.
    """
    import json

    from dateline.evaluate.timeml import pair_documents, score_pairs

    report = pair_documents(gold_dir, system_dir)
    for err in report.errors:
        click.echo(f"error: {err} (skipped)", err=True)
    if report.missing:
        shown = ", ".join(report.missing[:5]) + (" ..." if len(report.missing) > 5 else "")
        click.echo(f"warning: {len(report.missing)} gold document(s) have no system file: {shown}", err=True)
    counts = score_pairs(report.pairs)
    fig = counts.figures()
    if as_json:
        click.echo(json.dumps({"documents": counts.documents, "gold": counts.gold, "system": counts.system,
                               "missing": report.missing, "errors": len(report.errors),
                               **{k: round(v, 4) for k, v in fig.items()}}))
        return
    click.echo(f"{counts.documents} documents, {counts.gold} gold and {counts.system} system timexes "
               f"(DCT excluded)")
    click.echo(f"{'':16}{'P':>8}{'R':>8}{'F1':>8}")
    for label, k in (("strict span", "strict"), ("relaxed span", "relaxed"), ("value", "value")):
        click.echo(f"{label:16}{fig[k + '_p']:>8.3f}{fig[k + '_r']:>8.3f}{fig[k + '_f1']:>8.3f}")
    click.echo(f"type accuracy {fig['type_accuracy']:.3f}, value accuracy {fig['value_accuracy']:.3f} "
               f"(over relaxed matches)")
    click.echo(f"TempEval-3 attribute F1 (accuracy x relaxed F1): type {fig['type_attribute_f1']:.3f}, "
               f"value {fig['value_attribute_f1']:.3f}")
    if report.errors:
        sys.exit(1)
