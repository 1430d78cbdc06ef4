import django_filters
from django.utils.translation import gettext_lazy as _

from core.search import SearchFilterSet, text_matching

from .models import Structure, User


class DirectoryFilter(SearchFilterSet):
    """Search by name, e-mail or job title, and narrow to one structure."""

    structure = django_filters.ModelChoiceFilter(
        label=_("Structure"), queryset=Structure.objects.active(), empty_label=_("Toutes")
    )

    class Meta:
        model = User
        fields = ["q", "structure"]

    def search(self, queryset, name, value):
        return text_matching(queryset, ("first_name", "last_name", "email", "job_title"), value)
