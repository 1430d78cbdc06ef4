from django.conf import settings
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class CookieLocaleMiddleware(LocaleMiddleware):
    """French unless the user picked another language with the switch (kept in a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would show the
    portal in English to any civil servant whose browser happens to be set up in English.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The next request served by this thread (or code run after it, such as a management
        # command in the same process) starts from the portal's language, not this user's.
        translation.deactivate()
        return response


class NulInPathMiddleware:
    """An address with a NUL byte (``/helpdesk/%00/``) answers 404 before any view runs.

    No address of the portal contains one, and PostgreSQL refuses NUL in a text lookup: the
    view that looked the parameter up would crash, a 500 anyone could trigger.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """Headers on every response the portal builds (static files are served before this):

    - ``Cache-Control: private, no-store``: pages, exports (PDF, CSV, XLSX) and calendar files
      carry one person's view of the programme; neither a shared proxy nor the browser's disk
      cache of a shared office computer may keep a copy. A view's own Cache-Control is
      replaced.
    - ``Permissions-Policy``: the portal uses no camera, microphone, location, payment or USB;
      a script injected into a page could not ask for them either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers["Cache-Control"] = "private, no-store"
        response.headers.pop("Expires", None)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
