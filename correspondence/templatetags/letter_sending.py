"""The sending panel's figures, for whichever page includes it."""

from django import template

from correspondence import delivery
from correspondence.models import Letter

register = template.Library()


@register.simple_tag
def delivery_progress(letter: Letter) -> dict[str, int]:
    """{"done": delivered, "total": to deliver} (one count while it is being delivered)."""
    done, total = delivery.progress(letter)
    return {"done": done, "total": total}
