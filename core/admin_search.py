"""The administration's search boxes apply the portal's search rule (core/search.py).

Without it a search of a few thousand words built a condition too large for SQLite
("Expression tree is too large") and NUL, refused by PostgreSQL, answered a form error: the
admin searches the same normalised text as every list of the portal and says when it cut or
cleaned what was typed.
"""

from django.contrib import messages
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList, ChangeListSearchForm

from .search import SearchField, search_text_normalise


class NormalisedSearchForm(ChangeListSearchForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[SEARCH_VAR] = SearchField(required=False, strip=False)


class NormalisedSearchChangeList(ChangeList):
    """The changelist whose search box accepts any input and shows what was searched."""

    search_form_class = NormalisedSearchForm


class NormalisedSearchAdmin:
    """Mixin for every ModelAdmin with ``search_fields`` (put it first among the bases)."""

    def get_changelist(self, request, **kwargs):
        return NormalisedSearchChangeList

    def changelist_view(self, request, extra_context=None):
        # Once per page, from what was typed (the changelist only sees the normalised text).
        raw = request.GET.get(SEARCH_VAR)
        notice = search_text_normalise(raw).notice if raw and self.search_fields else ""
        if notice and request.method == "GET":
            messages.info(request, notice)
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        # Every caller, the autocomplete of a foreign key included, searches the normalised text.
        return super().get_search_results(
            request, queryset, search_text_normalise(search_term).text
        )


def normalised_search_for_installed_admins(site):
    """Give the normalised search to the admins that installed apps (Django's groups, the
    axes journals) registered with ``search_fields``."""
    for model, model_admin in list(site._registry.items()):
        if not model_admin.search_fields or isinstance(model_admin, NormalisedSearchAdmin):
            continue
        base = type(model_admin)
        site.unregister(model)
        site.register(model, type(base.__name__, (NormalisedSearchAdmin, base), {}))
