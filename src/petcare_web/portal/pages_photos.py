"""A pet's photo in the portal: the picture itself, and setting, replacing or removing it.

The web layer only reads the form; the core sniffs the type from the content (JPEG or PNG),
checks the size (at most 5 MB) and stores the picture, so nothing is kept for a refused photo.
"""

from __future__ import annotations

from functools import partial

from aiohttp import web
from returns.result import Failure

from petcare_core.domain.reasons import RequiredValueMissing
from petcare_web.portal.forms import form_errors
from petcare_web.portal.pages_pets import animal_id_from, render_pet
from petcare_web.portal.visit import Visit, portal_page

PHOTO_LABELS = {"photo": "Photo"}
# The core names the picture's file name "filename"; the form has one input for the picture.
ALIASES = {"filename": "photo"}
# Only the parent's own browser may keep a copy (never a shared cache), and it asks again each
# time, so a replaced or removed photo is not shown from an old copy.
PHOTO_CACHE_CONTROL = "private, no-cache"


@portal_page(member=True)
async def photo(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``GET /f/{slug}/pets/{id}/photo``: the pet's picture, for its own parent only (404 for
    anyone else's pet, or a pet without a photo); ``POST``: set or replace it (multipart
    ``photo``)."""
    assert visit.facility is not None
    fid, animal_id = visit.facility.id, animal_id_from(request)
    if request.method == "GET":
        picture = await visit.call(
            visit.services.portal_animal_photo, fid, visit.account_id, animal_id
        )
        return web.Response(
            body=picture.content,
            content_type=picture.content_type,
            headers={"Cache-Control": PHOTO_CACHE_CONTROL},
        )
    upload = visit.form.get("photo")
    if not isinstance(upload, web.FileField):
        errors = form_errors([RequiredValueMissing("photo")], PHOTO_LABELS)
        # Still NotFound for another owner's pet: rendering the page reads it as the parent's.
        return await render_pet(visit, animal_id, photo_errors=errors, status=422)
    # The body was bounded by the application's client_max_size (a little over 10 MB).
    content = upload.file.read()
    result = await visit.call(
        partial(
            visit.services.set_animal_photo_from_portal,
            fid,
            visit.account_id,
            animal_id,
            upload.filename or "",
            content,
        )
    )
    if isinstance(result, Failure):
        errors = form_errors(result.failure().reasons, PHOTO_LABELS, aliases=ALIASES)
        return await render_pet(visit, animal_id, photo_errors=errors, status=422)
    return visit.redirect(f"{visit.base}/pets/{animal_id}?notice=photo-saved")


@portal_page(member=True)
async def remove_photo(request: web.Request, visit: Visit) -> web.StreamResponse:
    """``POST /f/{slug}/pets/{id}/photo/delete``: remove the pet's photo."""
    assert visit.facility is not None
    animal_id = animal_id_from(request)
    await visit.call(
        visit.services.remove_animal_photo_from_portal,
        visit.facility.id,
        visit.account_id,
        animal_id,
    )
    return visit.redirect(f"{visit.base}/pets/{animal_id}?notice=photo-removed")
