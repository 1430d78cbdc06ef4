import os

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.demo import DEMO_ACCOUNTS, demo_secretariat, seed_demo_accounts, seed_structures
from accounts.roles import install_role_groups
from helpdesk.demo import seed_tickets
from meetings.demo import seed_meetings
from recommendations.demo import seed_recommendations

DEFAULT_DEMO_PASSWORD = "demo-password-2022"  # noqa: S105 - documented demo password


class Command(BaseCommand):
    help = gettext_lazy("Crée les structures et les comptes de démonstration (idempotent).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=gettext_lazy(
                "Autorise l'exécution avec DEBUG désactivé (jamais sur une vraie production)."
            ),
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                _(
                    "seed_demo crée des comptes au mot de passe connu : il refuse de tourner "
                    "avec DEBUG désactivé. Ajoutez --force si c'est bien une instance de "
                    "démonstration."
                )
            )
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        install_role_groups(Group, Permission)
        structures = seed_structures()
        accounts = seed_demo_accounts(password=password)
        secretariat = demo_secretariat()
        january, april, _upcoming = seed_meetings(secretariat=secretariat)
        seed_recommendations(secretariat=secretariat, january=january, april=april)
        seed_tickets()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Données de démonstration prêtes : %(structures)s structure(s) et "
                    "%(accounts)s compte(s) créés."
                )
                % {"structures": structures, "accounts": accounts}
            )
        )
        self.stdout.write(_("Comptes de démonstration (e-mail, mot de passe, rôle) :"))
        for email, *_rest, role, _acronym in DEMO_ACCOUNTS:
            label = role.label if role else _("Administrateur")
            self.stdout.write(f"  {email:<24} {password}   ({label})")
        self.stdout.write(_("Les comptes qui existaient déjà gardent leur mot de passe actuel."))
