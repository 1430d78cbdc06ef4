import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.search import SearchFilterSet

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
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
            | Q(job_title__icontains=value)
        )
