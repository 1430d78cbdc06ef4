"""Pagination of lists that can hold hundreds of thousands of tickets.

Counting every row of a filtered queue on each request costs as much as reading them all.
The count stops at ``cap`` rows (``SELECT COUNT(*) FROM (... LIMIT cap + 1)``): below it the
page shows the exact number; above it "more than 10,000" and the pages up to the cap, which is
further than anyone pages by hand — filters and sorting are the way to the rest.
"""

from functools import cached_property

from django.core.paginator import Paginator

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap=COUNT_CAP, count=None, **kwargs):
        """``count``: how many rows ``object_list`` holds, when the page knows it already."""
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self.known_count = count

    @cached_property
    def _counted(self):
        if self.known_count is not None:
            return min(self.known_count, self.cap + 1)
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
