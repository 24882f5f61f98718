"""Rendered figures are kept in the process too, under the same generation as the shared cache:
read again without a trip to the shared cache, never once the figures' generation moved."""

from django.core.cache import cache

from disclosure import cache as figures


def test_a_rendered_value_is_read_again_from_the_process():
    built = []

    def build():
        built.append(1)
        return f"<p>{len(built)}</p>"

    assert figures.rendered("page", ("x",), build) == "<p>1</p>"
    cache.delete(figures.key_of("html:page:x"))  # the shared copy gone (evicted)
    assert figures.rendered("page", ("x",), build) == "<p>1</p>"
    assert built == [1]
    figures.invalidate()  # a change: the process must not serve the old value
    assert figures.rendered("page", ("x",), build) == "<p>2</p>"


def test_figures_that_callers_may_change_are_not_kept_in_the_process():
    first = figures.cached("dict", lambda: {"n": 1})
    first["n"] = 99  # a caller changing what it was given
    assert figures.cached("dict", lambda: {"n": 1}) == {"n": 1}


def test_only_the_newest_few_are_kept():
    for i in range(figures.LOCAL_ENTRIES + 2):
        figures.rendered("page", (i,), lambda i=i: str(i))
    assert len(figures._local) == figures.LOCAL_ENTRIES
