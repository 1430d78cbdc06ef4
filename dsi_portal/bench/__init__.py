"""The national-scale benchmark: a seeded dataset, the pages it measures, and the load run.

Nothing here is imported by the portal's own URLs or settings; ``manage.py seed_bench`` and
``manage.py bench`` use it, and ``settings.py``/``urls.py`` of this package serve the load run.
"""
