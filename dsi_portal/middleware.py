"""Request middleware that needs to know the roles, so it lives above the apps."""

from accounts.permissions import sees_all_users
from core.health import worker_is_late


class WorkerStatusMiddleware:
    """Staff (coordination and ANPTIC agents) are warned on every page when the worker's
    heartbeat is late: reminders are then not being sent. One primary-key lookup per staff
    request; DSIs are not told (there is nothing they can do about it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        request.worker_late = bool(user is not None and sees_all_users(user) and worker_is_late())
        return self.get_response(request)
