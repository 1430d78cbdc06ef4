import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Structure, User


class DirectoryFilter(django_filters.FilterSet):
    """Search by name, e-mail or job title, and narrow to one structure."""

    q = django_filters.CharFilter(label=_("Rechercher"), method="search")
    structure = django_filters.ModelChoiceFilter(
        label=_("Structure"), queryset=Structure.objects.active(), empty_label=_("Toutes")
    )

    class Meta:
        model = User
        fields = ["q", "structure"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(first_name__icontains=value)
            | Q(last_name__icontains=value)
            | Q(email__icontains=value)
            | Q(job_title__icontains=value)
        )
