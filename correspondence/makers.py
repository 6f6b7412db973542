"""The letters' files prepared in the background (downloads/): the answers to a letter
as an Excel sheet. Made as the account that asked, whose right to follow the letter is
asked again when the file is made and each time it is downloaded."""

from typing import Any

from accounts import capabilities as cap
from correspondence import tracking
from correspondence.models import Letter
from correspondence.tracking_exports import answers_workbook
from downloads.preparing import Made, Progress, register
from saduak.exports import XLSX

ANSWERS = "correspondence.answers"


def answers_params(letter: Letter) -> dict[str, Any]:
    return {"letter": letter.pk}


def check_answers(user: Any, params: dict[str, Any]) -> None:
    cap.access_followed_letter(user, params.get("letter"))


@register(ANSWERS, check=check_answers)
def answers(user: Any, params: dict[str, Any], progress: Progress) -> Made:
    letter = cap.access_followed_letter(user, params.get("letter"))
    progress(0, 1)
    content = answers_workbook(letter, tracking.all_answers(letter))
    return f"answers-{letter.year or ''}-{letter.number or letter.pk}.xlsx", XLSX, content
