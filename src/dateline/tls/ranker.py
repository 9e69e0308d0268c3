"""Trained date rankers: fitting, storing and choosing weights without leaking a topic.

Weights live in ``dateline/tls/weights/<name>.json`` (no data inside, only numbers)::

    {"about": "...", "features": [...], "settings": {...},
     "models": {"": {"coef": [...], "intercept": 0.0, "trained_on": [...], "options": {...}},
                "bpoil": {... trained and chosen on every development topic except bpoil ...},
                ...}}

``models[""]`` is trained on all development topics; ``models[t]`` leaves topic ``t`` out,
and so do the settings stored with it (``options``: the method's switches, chosen on the
other topics; see ``tools/tls_train.py``, ``make weights``, which writes these files).

:func:`load_model` gives the model trained on everything unless the caller names a topic
to hold out (``TaskInput.held_out``, :mod:`dateline.tls.contract`): only a benchmark
protocol does, so a score reported on a development topic never comes from weights or
settings that saw it. Nothing here looks at the articles' topic tags.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from dateline.errors import DatelineError

__all__ = ["Model", "fit_linear", "fit_logistic", "load", "load_model"]


@dataclass(frozen=True)
class Model:
    coef: np.ndarray
    intercept: float
    trained_on: tuple[str, ...]
    key: str
    options: dict[str, Any] = field(default_factory=dict)

    def score(self, x: np.ndarray) -> np.ndarray:
        scores: np.ndarray = x @ self.coef + self.intercept
        return scores


@lru_cache(maxsize=8)
def load(name: str) -> dict[str, Any]:
    """The weights file ``weights/<name>.json`` as a dict."""
    path = resources.files("dateline.tls") / "weights" / f"{name}.json"
    try:
        doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatelineError(
            f"no trained weights {name!r} (expected {path}); run make weights"
        ) from None
    return doc


def load_model(name: str, held_out: str | None = None) -> Model:
    """The model of ``weights/<name>.json`` trained without the topic ``held_out``; None, or
    a topic no model was trained on: the model trained on every development topic."""
    models = load(name)["models"]
    key = held_out or ""
    if key not in models:
        if key in models[""].get("trained_on", ()):
            raise DatelineError(f"the weights {name!r} have no model trained without {key!r}: "
                                "they are stale; run make weights")
        key = ""
    m = models[key]
    return Model(np.asarray(m["coef"], dtype=np.float64), float(m["intercept"]),
                 tuple(m.get("trained_on", ())), key, dict(m.get("options", {})))


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iters: int = 50) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (intercept not penalised)."""
    n, f = x.shape
    a = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(f + 1)
    reg = np.full(f + 1, l2)
    reg[-1] = 0.0
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(a @ w)))
        grad = a.T @ (p - y) + reg * w
        hess = (a * (p * (1 - p))[:, None]).T @ a + np.diag(reg) + 1e-9 * np.eye(f + 1)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w[:-1], float(w[-1])


def fit_linear(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Ordinary least squares with an intercept."""
    a = np.hstack([x, np.ones((x.shape[0], 1))])
    w, *_ = np.linalg.lstsq(a, y, rcond=None)
    return w[:-1], float(w[-1])
