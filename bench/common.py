"""What the benchmark, tool and experiment scripts share: where the public data sets are, the
message when one is missing, and writing a benchmark's output to ``bench/results/<name>.md``.

The data sets are not part of the repository; ``docs/data.md`` says where each comes from
and how to point dateline at it. A data set is found, in this order: at the script's
``--data`` option (the data set's own folder, where the script has one), in
``$DATELINE_SHARED_DATA``, or in ``../shared/data`` next to the repository.
"""

from __future__ import annotations

import io
import os
import resource
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from dateline.evaluate import datasets

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"
DATA_DOC = datasets.DATA_DOC
EXIT_NO_DATA = 2  # the exit status of a script whose data set is missing


def data_root(arg: str | Path | None = None) -> Path:
    """The folder holding the data sets (``timeline17/``, ``tempeval3/``, ...)."""
    return Path(arg) if arg else datasets.data_root(REPO)


def missing_message(what: str, path: Path) -> str:
    return datasets.missing_message(what, path, f"--data DIR or ${datasets.ENV}")


def require(path: Path, what: str, marker: str) -> Path:
    """``path`` if ``path / marker`` exists; otherwise say what is missing and where the
    data page is, and exit with :data:`EXIT_NO_DATA`."""
    if not (path / marker).exists():
        print(missing_message(what, path), file=sys.stderr)
        raise SystemExit(EXIT_NO_DATA)
    return path


def timeline17(arg: str | Path | None = None) -> Path:
    """The Timeline17 folder (``arg`` is the data-set folder, not the folder above it)."""
    root = Path(arg) if arg else data_root() / "timeline17"
    return require(root, "Timeline17", "queries.json")


def tempeval3(arg: str | Path | None = None) -> Path:
    """The TempEval-3 folder (``arg`` is the data-set folder, not the folder above it)."""
    root = Path(arg) if arg else data_root() / "tempeval3"
    return require(root, "TempEval-3", "TimeBank")


def published_outputs() -> Path:
    """The folder above ``sdf-tls-outputs/`` and ``timeline17/`` (published TLS outputs)."""
    root = data_root()
    require(root / "timeline17", "Timeline17", "queries.json")
    require(root / "sdf-tls-outputs", "the published SDF-TLS outputs", "TL17_bestds")
    return root


class _Tee(io.TextIOBase):
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.copy = io.StringIO()

    def write(self, s: str) -> int:
        self.stream.write(s)
        self.copy.write(s)
        return len(s)

    def flush(self) -> None:
        self.stream.flush()


#: Runs the CLI, then prints the process's peak resident memory (VmHWM, kB) to stderr: the
#: rusage of a child counts the memory of this process it was forked from.
_CLI_CHILD = """
import sys
from dateline.cli import main
try:
    main(sys.argv[1:], prog_name="dateline")
except SystemExit as exc:
    code = exc.code
else:
    code = 0
hwm = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print(hwm[0], file=sys.stderr)
sys.exit(code)
"""


def run_cli(*args: str) -> tuple[float, float, float, str]:
    """``dateline ARGS`` in a child process: its CPU seconds, wall seconds, peak resident MB
    and standard output. A failed command ends the benchmark with its error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _CLI_CHILD, *args], capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"dateline {' '.join(args)} failed: {proc.stderr.decode()[-800:]}")
    cpu_s = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu_s, wall, int(proc.stderr.decode().split()[-1]) / 1024, proc.stdout.decode()


def _context() -> str:
    from dateline import __version__
    from dateline.timex import TAGGER_VERSION

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{date.today().isoformat()}, dateline {__version__}, tagger {TAGGER_VERSION}, "
            f"{os.cpu_count()} cores, load average {load:.2f} at the start")


def run_and_record(name: str, main: Callable[[], int], *, title: str, markdown: bool = False,
                   module: str | None = None) -> int:
    """Run a benchmark's ``main`` with its standard output also kept, and when it returns 0
    write ``bench/results/<name>.md``: the title, the command that printed it (with its
    arguments), the date, versions and machine, then the output (as it is when ``markdown``,
    else in a text block). A failed or skipped run writes nothing."""
    command = " ".join(["python -m", f"bench.{module or name}", *map(shlex.quote, sys.argv[1:])])
    context = _context()
    tee = _Tee(sys.stdout)
    sys.stdout = tee
    try:
        status = main()
    finally:
        sys.stdout = tee.stream
    if status == 0:
        output = tee.copy.getvalue().rstrip("\n")
        body = output if markdown else f"```text\n{output}\n```"
        RESULTS.mkdir(parents=True, exist_ok=True)
        path = RESULTS / f"{name}.md"
        path.write_text(f"# {title}\n\nPrinted by `{command}` ({context}).\n\n{body}\n", encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)}", file=sys.stderr)
    return status
