from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommandations")

    def ready(self):
        # Meetings show the recommendations a session adopted and link to its report, through
        # the providers registered here (meetings must not import this app).
        from core.summaries import register
        from meetings.extensions import (
            register_reminder_section,
            register_report_links,
            register_section,
        )

        from . import emails  # noqa: F401 - declares its kinds of notification
        from .meeting_sections import (
            adopted_recommendations_section,
            open_recommendations_reminder_section,
            report_links,
        )
        from .selectors import (
            DASHBOARD_SUMMARY,
            IMPLEMENTATION_SUMMARY,
            dashboard_fingerprint,
            recommendations_dashboard_figures,
            recommendations_implementation_figures,
        )

        # The figures read every recommendation, from summaries the worker keeps.
        register(
            DASHBOARD_SUMMARY,
            compute=recommendations_dashboard_figures,
            fingerprint=dashboard_fingerprint,
        )
        register(
            IMPLEMENTATION_SUMMARY,
            compute=recommendations_implementation_figures,
            fingerprint=dashboard_fingerprint,
        )

        register_section(adopted_recommendations_section)
        register_report_links(report_links)
        register_reminder_section(open_recommendations_reminder_section)
