"""Rates of two counts as every report computes them (followup and disclosure alike), with what to
give when nothing was counted."""

from __future__ import annotations


def ratio(numerator: float, denominator: float, *, digits: int | None = None, empty=None):
    """numerator ÷ denominator, rounded to `digits` if given; `empty` when the denominator is 0."""
    if not denominator:
        return empty
    value = numerator / denominator
    return value if digits is None else round(value, digits)


def percent(numerator: float, denominator: float, *, empty=None):
    """Per cent with one decimal, as reports print it; `empty` when the denominator is 0."""
    return ratio(100.0 * numerator, denominator, digits=1, empty=empty)
