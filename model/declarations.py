"""The declaration of one parameter: name with unit, default, allowed range, source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Param:
    section: str
    name: str
    default: Any
    unit: str
    low: float | None
    high: float | None
    source: str
    doc: str
    kind: str = "float"  # float | int | bool
    by_year: bool = False
    plausible: tuple[float, float] | None = None  # where a value can reasonably lie (inside [low, high]); calibration and sweeps read it
    lever: str | None = None  # lever family ("campuses", "work-to-work", "inclusion") if a policy lever
    label_nl: str = ""
    label_en: str = ""

    @property
    def key(self) -> str:
        return f"{self.section}.{self.name}"
