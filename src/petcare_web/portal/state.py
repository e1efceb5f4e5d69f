"""The portal's typed application keys: the session codec and the login throttle.

They belong to the portal alone, so they are defined here rather than in ``petcare_web.keys``;
``add_portal_routes`` fills them when the application starts.
"""

from __future__ import annotations

from aiohttp import web

from petcare_web.portal.sessions import SessionCodec
from petcare_web.portal.throttle import LoginThrottle

SESSION_CODEC = web.AppKey("petcare_portal_session_codec", SessionCodec)
LOGIN_THROTTLE = web.AppKey("petcare_portal_login_throttle", LoginThrottle)
