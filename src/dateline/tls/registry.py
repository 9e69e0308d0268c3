"""Timeline methods by name: the one table that ``dateline timeline --method``, ``dateline
bench t17 --method``, the web app and the API resolve a method name through.

A method (the contract: :mod:`dateline.tls.contract`) registers itself where it is
defined::

    @register("baseline", needs=Needs.SENTENCES)
    def baseline(task: TaskInput) -> Timeline: ...

The modules that define methods are listed in :data:`METHOD_MODULES`; the registry imports
them by name (``importlib``) the first time a name is looked up, so importing the registry
stays cheap (no numpy) and the method modules can import the registry without a cycle.
:func:`names` is the one list of method names for choice lists (CLI options, web forms).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from dateline.errors import DatelineError
from dateline.tls.contract import Method, Needs

__all__ = ["METHOD_MODULES", "MethodInfo", "default_name", "get", "names", "register"]

#: The modules that register methods when imported.
METHOD_MODULES = ("dateline.tls.methods", "dateline.tls.baseline")


@dataclass(frozen=True, slots=True)
class MethodInfo:
    name: str
    func: Method
    needs: Needs
    description: str


@dataclass
class _Table:
    methods: dict[str, MethodInfo] = field(default_factory=dict)
    default: str | None = None
    loaded: bool = False


_TABLE = _Table()


def register(name: str, *, needs: Needs, description: str | None = None,
             default: bool = False) -> Callable[[Method], Method]:
    """A decorator adding the method under ``name`` (``description``: default the first
    line of its docstring; ``default``: the method used when none is named, exactly one).
    A name registered twice for different functions is a ValueError."""
    needs = Needs(needs)

    def add(func: Method) -> Method:
        seen = _TABLE.methods.get(name)
        if seen is not None and _qualname(seen.func) != _qualname(func):
            raise ValueError(f"timeline method {name!r} is registered twice ({_qualname(seen.func)}, "
                             f"{_qualname(func)})")
        if default and _TABLE.default not in (None, name):
            raise ValueError(f"two default timeline methods: {_TABLE.default!r} and {name!r}")
        doc = description if description is not None else (func.__doc__ or "").strip().split("\n")[0]
        _TABLE.methods[name] = MethodInfo(name, func, needs, doc)
        if default:
            _TABLE.default = name
        return func

    return add


def _qualname(func: Method) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def _load() -> _Table:
    if not _TABLE.loaded:
        for module in METHOD_MODULES:
            importlib.import_module(module)
        _TABLE.loaded = True
    return _TABLE


def default_name() -> str:
    """The name of the method used when none is named."""
    table = _load()
    if table.default is None:
        raise DatelineError("no default timeline method is registered")
    return table.default


def names() -> list[str]:
    """Every method name: the default first, then the others in registration order."""
    table = _load()
    default = default_name()
    return [default, *(n for n in table.methods if n != default)]


def get(name: str | None = None) -> MethodInfo:
    """The method called ``name`` (None: :func:`default_name`); DatelineError listing the
    available names when there is none."""
    table = _load()
    key = name or default_name()
    info = table.methods.get(key)
    if info is None:
        raise DatelineError(f"unknown timeline method {key!r}: expected one of {', '.join(names())}")
    return info
