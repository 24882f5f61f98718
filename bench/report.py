"""Measurements: one record each (name, value, unit, baseline, ratio), printed and saved as JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass
class Measurement:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)


class Report:
    def __init__(self, out=print):
        self.items: list[Measurement] = []
        self.skipped: list[tuple[str, str]] = []
        self.out = out

    def add(self, name, value, unit, *, baseline=None, target="", note="", **extra) -> Measurement:
        ratio = round(value / baseline, 3) if baseline else None
        item = Measurement(name, round(value, 4), unit, baseline, ratio, target, note, extra)
        if baseline is not None:
            item.baseline = round(baseline, 4)
        self.items.append(item)
        self.out(_line(item))
        return item

    def skip(self, name: str, reason: str) -> None:
        self.skipped.append((name, reason))
        self.out(f"SKIP {name}: {reason}")

    def table(self) -> str:
        head = (
            f"{'measurement':<48} {'value':>12} {'unit':<8} {'baseline':>12} {'ratio':>8}  target"
        )
        lines = [head, "-" * len(head)] + [_line(i) for i in self.items]
        lines += [f"SKIP {name}: {reason}" for name, reason in self.skipped]
        return "\n".join(lines)

    def write_json(self, path: str, meta: dict) -> None:
        data = {
            "meta": meta,
            "measurements": [asdict(i) for i in self.items],
            "skipped": [{"name": n, "reason": r} for n, r in self.skipped],
        }
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=2)


def _fmt(value) -> str:
    if value is None:
        return "-"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _line(i: Measurement) -> str:
    return (
        f"{i.name:<48} {_fmt(i.value):>12} {i.unit:<8} {_fmt(i.baseline):>12} "
        f"{_fmt(i.ratio):>8}  {i.target}"
    )
