"""The tracking panel's figures on the letter page, whose view another part of the
app writes: the panel asks for them itself (one query)."""

from django import template

from correspondence import tracking
from correspondence.models import Letter

register = template.Library()


@register.simple_tag
def tracking_headline(letter: Letter) -> tracking.Row:
    return tracking.headline(letter)
