"""The tracking panel's figures on the letter page: the panel asks for them itself
(one query), so the page pays for them only when the panel shows."""

from django import template

from correspondence import tracking
from correspondence.models import Letter

register = template.Library()


@register.simple_tag
def tracking_headline(letter: Letter) -> tracking.Row:
    return tracking.headline(letter)
