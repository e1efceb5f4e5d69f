"""The customer portal: server-rendered pages for pet parents under ``/f/{slug}/``.

``add_portal_routes(app)`` adds them to the application; ``portal_error_page`` renders the
application's HTML error pages in the portal's layout. See docs/portal.md.
"""

from petcare_web.portal.routes import add_portal_routes
from petcare_web.portal.templates import portal_error_page

__all__ = ["add_portal_routes", "portal_error_page"]
