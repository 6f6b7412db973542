import secrets
from typing import Any

from django.db import models
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from saduak.language import in_language


class BilingualName(models.Model):
    name_th = models.CharField(_("name (Thai)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the reader's language, falling back to Thai."""
        return in_language(self.name_th, self.name_en)


class Province(BilingualName):
    """A province (or Bangkok) with its official two-digit code, loaded from geothai."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(BilingualName):
    """An amphoe or khet with its official four-digit code."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="districts"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def search(self, text: str) -> "OrganisationQuerySet":
        """Match the Thai or English name, or the code, anywhere in it."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(name_th__icontains=text)
            | models.Q(name_en__icontains=text)
            | models.Q(code__icontains=text)
        )

    def descendants_of(self, org: "Organisation") -> "OrganisationQuerySet":
        return self.filter(path__startswith=org.path).exclude(pk=org.pk)


class Organisation(BilingualName):
    """A state unit. It sits in two lines at once: `parent` is who supervises it,
    `province`/`district` is the soil it stands on (DOMAIN.md §5)."""

    class Kind(models.TextChoices):
        OPS_PMO = "ops_pmo", _("OPS PMO")
        MINISTRY = "ministry", _("Ministry")
        DEPARTMENT = "department", _("Department")
        PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
        DISTRICT_OFFICE = "district_office", _("District office")
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")
        LOCAL_GOVERNMENT = "local_government", _("Local government")
        OTHER = "other", _("Other state unit")

    class LaoType(models.TextChoices):
        PAO = "pao", _("Provincial Administrative Organisation")
        CITY_MUNICIPALITY = "city_municipality", _("City municipality")
        TOWN_MUNICIPALITY = "town_municipality", _("Town municipality")
        SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("Subdistrict municipality")
        SAO = "sao", _("Subdistrict Administrative Organisation")
        SPECIAL = "special", _("Special local government")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("A unique code, such as the DLA code of a local government."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    lao_type = models.CharField(
        _("local government type"), max_length=30, choices=LaoType.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("supervising organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Materialised path of ids ("12/57/301/") so a subtree is one indexed prefix query.
    path = models.CharField(
        _("place in the administrative line"),
        max_length=255,
        db_index=True,
        editable=False,
        default="",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="local_government") | models.Q(lao_type=""),
                name="lao_type_only_for_local_government",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        path = self.computed_path()
        if path != self.path:
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)

    def get_absolute_url(self) -> str:
        return reverse("registry:organisation", args=[self.pk])

    def computed_path(self) -> str:
        prefix = self.parent.path if self.parent_id and self.parent else ""
        return f"{prefix}{self.pk}/"

    def is_within(self, other: "Organisation") -> bool:
        """True if this organisation is `other` or sits below it administratively."""
        return self.path.startswith(other.path)

    @property
    def depth(self) -> int:
        return self.path.count("/")

    def ancestors(self) -> "OrganisationQuerySet":
        ids = [int(part) for part in self.path.split("/") if part][:-1]
        return (
            Organisation.objects.filter(pk__in=ids)
            .annotate(path_length=Length("path"))
            .order_by("path_length")
        )


class ServiceCentre(BilingualName):
    """A public-service centre of an organisation: the unit that gets certified. Where
    it stands towards the standard is derived from its applications and certificates
    (certification.selectors.standing), never typed."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="centres",
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("service centre")
        verbose_name_plural = _("service centres")

    def get_absolute_url(self) -> str:
        return reverse("registry:centre", args=[self.pk])


def new_survey_code() -> str:
    """A short, unguessable code for a counter's survey link (/q/<code>): 8 characters
    without look-alikes (no 0/O, 1/I/L), easy to type from a poster."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class Counter(models.Model):
    """A service counter (ช่องบริการ) of a centre; its survey QR code hangs here."""

    centre = models.ForeignKey(
        ServiceCentre,
        verbose_name=_("service centre"),
        on_delete=models.PROTECT,
        related_name="counters",
    )
    number = models.PositiveSmallIntegerField(_("counter number"))
    name_th = models.CharField(_("service (Thai)"), max_length=255)
    name_en = models.CharField(_("service (English)"), max_length=255, blank=True)
    is_active = models.BooleanField(_("open"), default=True)
    # Printed on posters: it never changes, whatever else about the counter does.
    survey_code = models.CharField(
        _("survey code"), max_length=12, unique=True, default=new_survey_code, editable=False
    )

    class Meta:
        ordering = ["centre", "number"]
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        constraints = [
            models.UniqueConstraint(fields=["centre", "number"], name="unique_counter_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    @property
    def name(self) -> str:
        return in_language(self.name_th, self.name_en)
