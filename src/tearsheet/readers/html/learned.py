"""The learned part of ``confidence``: a logistic model over its named signals.

``confidence_model.json`` (package data) holds the signal names, the centre and scale
each is standardised by, one weight per signal and an intercept, and two stretches; with
``z = intercept + Σ weight · (signal − centre) / scale`` the confidence is
``1 / (1 + exp(-stretch · z))``, stretched by ``stretch_below`` when z < 0 (the confidence
under 0.5) and by ``stretch_above`` otherwise, so that both sides fit the F1 the
pages had. It is fitted by
``bench/train_confidence.py`` on the development pages the rules are tuned on, and loaded
once. No runtime dependency: the model is a dot product.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

MODEL_FILE = "confidence_model.json"


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    features: tuple[str, ...]
    centre: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    stretch_below: float
    stretch_above: float

    def predict(self, signals: Mapping[str, float]) -> float:
        z = self.intercept
        for name, centre, scale, weight in zip(self.features, self.centre, self.scale, self.weights,
                                               strict=True):
            z += weight * (signals[name] - centre) / scale
        z *= self.stretch_below if z < 0 else self.stretch_above
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Model:
        return cls(features=tuple(data["features"]), centre=tuple(data["centre"]), scale=tuple(data["scale"]),
                   weights=tuple(data["weights"]), intercept=float(data["intercept"]),
                   stretch_below=float(data["stretch_below"]), stretch_above=float(data["stretch_above"]))


@functools.cache
def model() -> Model:
    """The shipped model, read once."""
    text = resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return Model.from_dict(json.loads(text))
