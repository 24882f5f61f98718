"""Compare the figures the pages show with the replay of the event log; list every difference."""

from __future__ import annotations

from disclosure import replay as replay_mod
from disclosure import statistics
from suggestions.models import Session

KEYS = {
    "by_unit": lambda row: (row["unit"]["id"], row["role"]),
    "by_category": lambda row: row["category"]["id"],
    "by_group": lambda row: row["group"]["id"],
    "by_deputy": lambda row: row["deputy"]["id"],
}


def _shown_counts(block: dict) -> dict:
    counts = {k: block[k] for k in replay_mod.REPLAYED_COUNTS if k in block}
    for name, _grade in statistics.GRADES:
        counts[f"process_{name}"] = block["process"][name]
    return counts


def _diff(where: str, shown: dict, replayed: dict) -> list[str]:
    return [
        f"{where} {key}: pages {shown.get(key, 0)}, events {replayed.get(key, 0)}"
        for key in replay_mod.REPLAYED_COUNTS
        if shown.get(key, 0) != replayed.get(key, 0)
    ]


def differences(session: Session, round_: str, shown: dict | None = None) -> list[str]:
    """Every count the pages (`shown`, default: freshly computed) and the events disagree on."""
    shown = shown or statistics.compute(session, round_)
    replayed = replay_mod.replay(session, round_)
    prefix = f"[{session.name} · {round_}]"
    found = _diff(f"{prefix} total", _shown_counts(shown), replayed["totals"])
    for name, key in KEYS.items():
        rows = {key(row): _shown_counts(row) for row in shown.get(name, [])}
        for k in sorted(set(rows) | set(replayed[name]), key=str):
            found += _diff(f"{prefix} {name} {k}", rows.get(k, {}), replayed[name].get(k, {}))
    return found
