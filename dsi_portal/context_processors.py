"""Template context shared by every page."""


def worker_status(request):
    """``worker_late``: set by WorkerStatusMiddleware for staff, before the view runs, so that
    templates never query."""
    return {"worker_late": getattr(request, "worker_late", False)}
