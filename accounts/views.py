from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import capabilities as cap
from accounts import services, throttle
from accounts.forms import AccountForm, NewAccountForm, RoleForm, ThrottledAuthenticationForm
from accounts.models import RoleAssignment
from audit.models import AuditEvent
from audit.services import record
from saduak.http import HtmxHttpRequest


class LoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(actor=self.request.user, action=AuditEvent.Action.PASSWORD, obj=form.user, after={})
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        record(actor=form.user, action=AuditEvent.Action.PASSWORD, obj=form.user, after={})
        # The lock message promises that a reset opens a locked account again.
        throttle.clear(form.user.get_username())
        return response


def _role_form(request: HttpRequest, data: Any = None) -> RoleForm:
    return RoleForm(
        data,
        roles=cap.grantable_roles(request.user),
        organisations=cap.organisations_for(request.user, need=cap.CHANGE).order_by("name_th"),
        prefix="role",
    )


@login_required
def staff_list(request: HtmxHttpRequest) -> HttpResponse:
    accounts = (
        cap.users_for(request.user)
        .prefetch_related(
            Prefetch("roles", queryset=RoleAssignment.objects.select_related("organisation"))
        )
        .order_by("username")
    )
    text = request.GET.get("q", "").strip()
    if "\x00" in text:
        # No stored text holds a NUL character (PostgreSQL refuses one even in a query),
        # so nothing matches.
        accounts = accounts.none()
    elif text:
        accounts = accounts.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    page = Paginator(accounts, 50).get_page(request.GET.get("page"))
    can_add = bool(cap.grantable_roles(request.user))
    template = "accounts/_staff_rows.html" if request.htmx else "accounts/staff_list.html"
    return render(request, template, {"page": page, "q": text, "can_add": can_add})


@login_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = cap.access_user(request.user, pk)
    can_change = cap.can_change_account(request.user, account)
    roles = account.roles.select_related("organisation")
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "account": account,
            "roles": roles,
            "can_change": can_change,
            "role_form": _role_form(request) if can_change else None,
        },
    )


@login_required
def staff_new(request: HttpRequest) -> HttpResponse:
    if not cap.grantable_roles(request.user):
        raise PermissionDenied
    form = NewAccountForm(request.POST or None)
    role_form = _role_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid() and role_form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password"}
        account = services.create_account(
            actor=request.user, data=data, password=form.cleaned_data["password"]
        )
        services.grant_role(
            actor=request.user,
            account=account,
            role=role_form.cleaned_data["role"],
            organisation=role_form.cleaned_data["organisation"],
        )
        messages.success(request, _("Account %(name)s created.") % {"name": account})
        return redirect("accounts:staff", pk=account.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "role_form": role_form})


@login_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = cap.access_user(request.user, pk, change=True)
    form = AccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        services.update_account(actor=request.user, account=account, data=form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("accounts:staff", pk=account.pk)
    return render(request, "accounts/staff_form.html", {"form": form, "account": account})


@login_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = cap.access_user(request.user, pk, change=True)
    form = _role_form(request, request.POST)
    if form.is_valid():
        services.grant_role(
            actor=request.user,
            account=account,
            role=form.cleaned_data["role"],
            organisation=form.cleaned_data["organisation"],
        )
        messages.success(request, _("Role granted."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("accounts:staff", pk=account.pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    account = cap.access_user(request.user, pk, change=True)
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user=account)
    if assignment.role not in cap.grantable_roles(request.user):
        raise PermissionDenied
    services.revoke_role(actor=request.user, assignment=assignment)
    messages.success(request, _("Role removed."))
    return redirect("accounts:staff", pk=account.pk)
