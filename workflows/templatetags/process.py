"""Template access to the suggestion's process: `{% process_stages s as stages %}` for the
chart's phone form (the drawing itself is the `suggestion_chart` view)."""

from django import template

from workflows.stages import process_stages as stages_of

register = template.Library()


@register.simple_tag
def process_stages(suggestion):
    return stages_of(suggestion)
