import unicodedata
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import no_bidi_controls

from .roles import Role


def email_normalised(value):
    """The one form of an e-mail address, for storing it, looking an account up by it and
    counting failed logins against it: compatibility-normalised (NFKC), trimmed, case-folded.

    Accounts are found by exact equality with this form, never by the database's
    case-insensitive comparison: PostgreSQL's UPPER() maps look-alike letters such as the long
    s (U+017F) and the dotless i (U+0131) to S and I, which would let one account be reached
    under several names, each with its own allowance of failed logins."""
    return unicodedata.normalize("NFKC", str(value)).strip().casefold()


def email_is_canonical(value):
    """Whether an address survives normalisation unchanged, and its letters' case round trip:
    the addresses given to new accounts (a look-alike of another address is refused)."""
    normalised = email_normalised(value)
    return normalised == str(value).strip().lower() and (
        email_normalised(normalised.upper()) == normalised
    )


EMAIL_NOT_CANONICAL = _(
    "Cette adresse contient des caractères qui se confondent avec d'autres lettres (par exemple "
    "« ſ » ou « ı »). Saisissez l'adresse avec des lettres ordinaires."
)


class StructureQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_dsi_account(self):
        """Annotate ``has_dsi_account``: whether one of the structure's DSIs has an active
        account. Inviting such a structure invites its DSIs; one without is invited as a
        structure, marked "sans compte sur le portail" (meetings)."""
        return self.annotate(
            has_dsi_account=Exists(
                User.objects.active_with_role(Role.DSI).filter(structure_id=OuterRef("pk"))
            )
        )

    def visible_to(self, user):
        """Structures are public within the portal: every signed-in user sees them all."""
        if not user.is_authenticated:
            return self.none()
        return self


class Structure(models.Model):
    """A ministry, institution or agency whose DSI takes part in the programme."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministère")
        INSTITUTION = "institution", _("Institution")
        AGENCY = "agency", _("Agence")

    name = models.CharField(_("nom"), max_length=255, unique=True, validators=[no_bidi_controls])
    acronym = models.CharField(
        _("sigle"), max_length=30, unique=True, validators=[no_bidi_controls]
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Une structure inactive n'est plus proposée dans les listes."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("structure")
        verbose_name_plural = _("structures")

    def __str__(self):
        return self.name


# Every structure of a kind, as a group the Secretariat invites at once.
KIND_GROUP_LABELS = {
    Structure.Kind.MINISTRY: _("Tous les ministères"),
    Structure.Kind.INSTITUTION: _("Toutes les institutions"),
    Structure.Kind.AGENCY: _("Toutes les agences"),
}


def works_helpdesk_queue():
    """Who works the helpdesk queue, as a condition on users: ANPTIC agents and superusers.
    The one definition of "an agent" for queries; helpdesk.permissions.is_agent answers the
    same question for one user, and the tests hold the two together. A condition on a
    subquery, not a join, so that a user in several groups is listed once."""
    from django.contrib.auth.models import Group

    return Q(is_superuser=True) | Q(
        Exists(Group.objects.filter(user=OuterRef("pk"), name=Role.ANPTIC_AGENT.value))
    )


def _holds_role(role):
    """The name of the annotation ``UserQuerySet.with_roles`` gives to ``role``."""
    return f"holds_{role.name.lower()}"


class UserQuerySet(models.QuerySet):
    def with_roles(self):
        """Each user's roles asked in the same query, one EXISTS per role: ``User.role_names``
        then costs no query (the signed-in user is loaded so, by accounts.backends)."""
        from django.contrib.auth.models import Group

        return self.annotate(
            **{
                _holds_role(role): Exists(
                    Group.objects.filter(user=OuterRef("pk"), name=role.value)
                )
                for role in Role
            }
        )

    def active_with_role(self, role):
        """The active users holding ``role`` (one of accounts.roles.Role)."""
        return self.filter(is_active=True, groups__name=role.value).distinct()

    def helpdesk_agents(self):
        """The active users who work the helpdesk queue (helpdesk.permissions.is_agent): the
        people a ticket may be given to, and who hear of tickets no category routes."""
        return self.filter(works_helpdesk_queue(), is_active=True)

    def helpdesk_supervisors(self):
        """The agents flagged as supervisors: the flag alone, set on a DSI by mistake, must
        not send them other ministries' tickets."""
        return self.helpdesk_agents().filter(is_helpdesk_supervisor=True)

    def error_report_recipients(self):
        """Who hears of the portal's server errors (core.errors): the active accounts that may
        use the administration site (accounts.permissions.can_use_admin), and those whose
        address is in ADMINS."""
        admins = [email_normalised(address) for _name, address in settings.ADMINS]
        return self.filter(Q(is_staff=True) | Q(email__in=admins), is_active=True)

    def visible_to(self, user):
        """Who a user may look up: the coordination roles see everyone, a DSI their colleagues."""
        from .permissions import sees_all_users

        if not user.is_authenticated:
            return self.none()
        if sees_all_users(user):
            return self
        if user.structure_id is None:
            return self.filter(pk=user.pk)
        return self.filter(structure_id=user.structure_id)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    """Users are identified by their e-mail address, compared without regard to case."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        if not email_is_canonical(email):
            raise ValueError(f"{email!r} does not survive normalisation unchanged")
        user = self.model(email=email_normalised(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email=email_normalised(username))


class User(AbstractUser):
    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    structure = models.ForeignKey(
        Structure,
        verbose_name=_("structure"),
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    # The names of AbstractUser, with the characters refused in names (core.text).
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[no_bidi_controls]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[no_bidi_controls]
    )
    job_title = models.CharField(
        _("fonction"), max_length=150, blank=True, validators=[no_bidi_controls]
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    receives_digest = models.BooleanField(
        _("reçoit le récapitulatif hebdomadaire"),
        default=True,
        help_text=_("Le récapitulatif est envoyé chaque lundi aux membres du Secrétariat général."),
    )
    is_helpdesk_supervisor = models.BooleanField(
        _("superviseur du helpdesk"),
        default=False,
        help_text=_(
            "Reçoit, avec l'agent assigné, les alertes de délai (SLA) en risque ou dépassé."
        ),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_ci_unique",
                violation_error_message=_("Un utilisateur avec cette adresse e-mail existe déjà."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        # set_password() leaves the new password in _password until the save.
        changed = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if changed:
            from .signals import password_changed

            password_changed.send(sender=type(self), user=self)

    def clean(self):
        # Before Django's own clean, which would quietly NFKC-normalise the address.
        if not email_is_canonical(self.email):
            raise ValidationError({"email": EMAIL_NOT_CANONICAL})
        super().clean()
        self.email = email_normalised(self.email)

    @cached_property
    def role_names(self):
        """Names of the user's groups, asked once per loaded user: none when loaded
        ``with_roles()`` (which knows the role groups only) or with the groups prefetched,
        else one query."""
        held = [getattr(self, _holds_role(role), None) for role in Role]
        if None not in held:
            return frozenset(role.value for role, holds in zip(Role, held, strict=True) if holds)
        return frozenset(group.name for group in self.groups.all() if group.name in Role.values)

    def has_role(self, *roles):
        return any(role in self.role_names for role in roles)

    @property
    def role(self):
        """The user's main role, or None (a superuser without a role, a new account)."""
        for role in Role:
            if role in self.role_names:
                return role
        return None


class SecurityEvent(models.Model):
    """One event that matters for the security of accounts: who, what, when, from where.

    Written only by the receivers in accounts/security.py; the admin shows it read-only.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("Connexion")
        LOGIN_FAILED = "login_failed", _("Échec de connexion")
        LOCKOUT = "lockout", _("Compte bloqué")
        LOGOUT = "logout", _("Déconnexion")
        PASSWORD_RESET_REQUESTED = (
            "password_reset_requested",
            _("Demande de réinitialisation du mot de passe"),
        )
        PASSWORD_RESET = "password_reset", _("Mot de passe réinitialisé")
        ROLE_ADDED = "role_added", _("Rôle attribué")
        ROLE_REMOVED = "role_removed", _("Rôle retiré")
        PRIVILEGE_CHANGED = "privilege_changed", _("Droits d'administration modifiés")

    at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    kind = models.CharField(_("événement"), max_length=40, choices=Kind.choices)
    user = models.ForeignKey(
        User,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_events",
    )
    email = models.CharField(
        _("adresse e-mail saisie"),
        max_length=254,
        blank=True,
        help_text=_("L'adresse tapée à la connexion ou à la demande de réinitialisation."),
    )
    actor = models.ForeignKey(
        User,
        verbose_name=_("auteur du changement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("adresse IP"), null=True, blank=True)
    user_agent = models.CharField(_("navigateur"), max_length=500, blank=True)
    detail = models.CharField(_("détail"), max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("événement de sécurité")
        verbose_name_plural = _("événements de sécurité")
        indexes = [models.Index(fields=["kind", "-at"], name="accounts_secevent_kind_at")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.user or self.email or '?'}"
