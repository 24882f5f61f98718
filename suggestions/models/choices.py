"""Choice labels without rebuilding the choices on every call.

Django's ``get_FOO_display()`` builds ``dict(make_hashable(field.flatchoices))`` each time it is
called, and hashing a lazy label translates it: a status badge translated all thirteen status
labels to show one. A list of twenty suggestions spent about 450 Python calls per row on that,
a third of the deputy home page's rendering. The mapping from value to label is fixed per field,
so it is built once; the one label shown is still translated per request, in the user's language.
"""

from __future__ import annotations

from functools import cache

from django.utils.encoding import force_str


@cache
def _labels(field) -> dict:
    return dict(field.flatchoices)


class ChoiceLabelsMixin:
    """Put before ``models.Model`` in the bases: the ``get_FOO_display`` methods Django adds are
    bound to ``_get_FIELD_display`` as found on the class when it is created."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _labels(field).get(value, value)
        except TypeError:  # an unhashable value (a JSON choice): Django's own way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
