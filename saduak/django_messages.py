"""Django's own messages that our pages show but Django's Thai catalogue leaves
untranslated. Listing them here puts them in our catalogue (locale/th), which takes
precedence over Django's. Nothing calls this function; makemessages reads it."""

from django.utils.translation import gettext, ngettext


def _messages_for_the_catalogue() -> None:  # pragma: no cover
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        1,
    )
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    )
    gettext("The password is too similar to the %(verbose_name)s.")
    gettext("Your password can’t be too similar to your other personal information.")
    gettext("This password is too common.")
    gettext("Your password can’t be a commonly used password.")
    gettext("This password is entirely numeric.")
    gettext("Your password can’t be entirely numeric.")
    gettext("Enter the same password as before, for verification.")
    gettext("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only.")
    gettext(
        "Enter a valid username. This value may contain only letters, numbers, and "
        "@/./+/-/_ characters."
    )
    gettext("Enter a valid integer.")
    gettext("%(model_name)s with this %(field_labels)s already exists.")
