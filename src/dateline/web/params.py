"""How request parameters are read: whole numbers and dates, strictly.

Python's ``int()`` (and pydantic's lax mode, which follows it) reads more than a person
means by a number: ``1_000``, ``+5``, `` 5``, ``５`` (fullwidth), ``٣`` (Arabic-Indic),
``True``; and ``str.isdigit()`` is true for ``²``, which ``int()`` then refuses. Every
number a request carries goes through :func:`strict_int` instead: an optional minus sign
and the ASCII digits 0-9, nothing else; a JSON number must be an integer (not a bool, not
5.0). Dates are ``YYYY-MM-DD`` as :meth:`date.fromisoformat` reads them, in ASCII.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

__all__ = ["DATE_ERROR", "INT_ERROR", "Day", "StrictInt", "strict_int"]

#: The error type of a parameter that is not a date (raised by its validator).
DATE_ERROR = "date_format"
#: The error type of a parameter that is not a whole number written in ASCII digits.
INT_ERROR = "strict_int"

_INT = re.compile(r"-?[0-9]{1,18}")


def strict_int(value: Any) -> int | None:
    """``value`` as a whole number if it is one (an int, or text of ASCII digits with an
    optional leading minus, at most 18 digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INT.fullmatch(value):
        return int(value)
    return None


def _int(value: Any) -> Any:
    if value is None or value == "":
        return None
    number = strict_int(value)
    if number is None:
        raise PydanticCustomError(INT_ERROR, "not a whole number (digits 0-9)")
    return number


def _day(value: Any) -> Any:
    """A ``YYYY-MM-DD`` parameter as a date (empty: not given)."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if value.isascii():
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise PydanticCustomError(DATE_ERROR, "not a date (YYYY-MM-DD)")
    return value


#: A whole number parameter, read by :func:`strict_int`.
StrictInt = BeforeValidator(_int)
#: A ``YYYY-MM-DD`` parameter.
Day = BeforeValidator(_day)
