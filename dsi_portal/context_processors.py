"""Template context shared by every page."""


def staff_warnings(request):
    """What StaffWarningsMiddleware found for staff, before the view ran, so that templates
    never query."""
    return {
        "worker_late": getattr(request, "worker_late", False),
        "years_without_holidays": getattr(request, "years_without_holidays", []),
        "can_add_holidays": getattr(request, "can_add_holidays", False),
    }
