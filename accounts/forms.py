from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from accounts import services, throttle
from accounts.models import Role, User
from registry.models import Organisation

USERNAME_TAKEN = _(
    "This username is already used by another account. Capital and small letters, and "
    "full-width letters, count as the same; choose another username."
)


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The username or password is wrong. Check both; capital and small letters differ."
        ),
        "locked": _(
            "Too many failed sign-in attempts. Wait %(minutes)s minutes and try again, "
            "or reset your password."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if not username:
            return super().clean()
        # Counted before the password is checked, in one step (accounts/throttle.py):
        # guesses sent at once cannot all slip under the limit together.
        attempt = throttle.begin(username, self.request)
        if not attempt.allowed:
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.failed(attempt)
            services.record_failed_sign_in(username=username)
            raise
        throttle.succeeded(attempt)
        return cleaned


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "position", "phone", "is_active"]
        # Django's username field reads the name in NFKC, as sign-in does: "ａｄｍｉｎ"
        # (full-width) is "admin", so the name saved is the name one signs in with.
        field_classes = {"username": UsernameField}

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        # One person, one name: a name differing from another only in capital letters
        # (or, before NFKC, in full-width or ligature forms) would be someone else's
        # account to a reader, and its twin to the database.
        taken = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(USERNAME_TAKEN, code="unique")
        return username


class NewAccountForm(AccountForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("At least 10 characters. The person should change it after signing in."),
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, roles: set[str], organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(r.value, r.label) for r in Role if r.value in roles]
        self.fields["role"].choices = choices  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
