"""The national-scale benchmark: a seeded dataset, the pages it measures, and the load run.

A developer's tool, not part of the deployed portal: only ``bench.settings`` installs this app
(its commands ``seed_bench``, ``bench`` and ``bench_load``, and the load run's extra URL), and
no module of the portal imports it. ``make bench-seed``, ``make bench`` and ``make bench-load``
run with ``DJANGO_SETTINGS_MODULE=bench.settings``.
"""
