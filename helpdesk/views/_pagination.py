"""Pagination of lists that can hold hundreds of thousands of tickets.

Counting every row of a filtered queue on each request costs as much as reading them all.
The count stops at ``cap`` rows (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``): below it the
page shows the exact number; above it "more than 10,000" and the pages up to the cap, which is
further than anyone pages by hand — filters and sorting are the way to the rest.

A searched list is read differently (``searched=True``): its matches come from the search
index, and counting ten thousand of them reads ten thousand documents (the phrase and the
weights are checked on each), a cost that grows with the data. It is counted up to
SEARCH_COUNT_CAP by reading the ids of its first matches, and when they are all there the page
is taken among those ids: a rare word's few matches are sorted, instead of PostgreSQL walking
the sort's index through every ticket in search of them (it cannot tell a word is rare).
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 1_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap=None, count=None, searched=False, **kwargs):
        """``count``: how many rows ``object_list`` holds, when the page knows it already;
        ``searched``: the list is narrowed by a search (see the module's docstring)."""
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or (SEARCH_COUNT_CAP if searched else COUNT_CAP)
        self.known_count = count
        self.searched = searched

    def page(self, number):
        page = super().page(number)
        # The few matches of a search: the page taken among their ids (read by the count).
        if self.searched and not self.is_capped and self._counted:
            bottom = (page.number - 1) * self.per_page
            rows = self.object_list.filter(pk__in=self._match_ids)
            page.object_list = rows[bottom : bottom + self.per_page]
        return page

    @cached_property
    def _match_ids(self):
        rows = self.object_list.order_by().values_list("pk", flat=True)
        return list(rows[: self.cap + 1])

    @cached_property
    def _counted(self):
        if self.known_count is not None:
            return min(self.known_count, self.cap + 1)
        if self.searched:
            return len(self._match_ids)
        rows = self.object_list.order_by()
        if not rows.query.distinct:
            # Counted on the ids alone: the annotations the rows show (the queue's SLA state,
            # a CASE over every deadline) need not be compiled nor computed to count them.
            rows = rows.values("pk")
        return rows[: self.cap + 1].count()

    @cached_property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def is_capped(self):
        return self._counted > self.cap
