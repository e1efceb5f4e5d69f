"""Building OpenAPI operations: parameters, bodies, and the error answers each may give."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from petcare_web.openapi.schemas import ID, Schema, ref

ERROR_DESCRIPTIONS = {
    400: "Malformed JSON, query parameter or path id",
    401: "No credential, or an unknown, forged, expired or revoked one",
    403: "The API key's staff user lacks a permission (named in the message)",
    404: "No such record, or not yours to see",
    409: "The record's state forbids the change",
    413: "The body is too large",
    415: "The body is not of the media type the endpoint takes",
    422: "Members unknown, missing or of the wrong type, or refused by the business rules",
    429: "Too many failed logins; wait Retry-After seconds",
}
# Errors any JSON body may cause.
BODY_ERRORS = (400, 413, 415, 422)
SLUG: Schema = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The facility's slug",
    "schema": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{1,62}$"},
}


def path_id(description: str) -> Schema:
    """The ``{id}`` path parameter."""
    return {"name": "id", "in": "path", "required": True, "description": description, "schema": ID}


def query(name: str, schema: Schema, description: str) -> Schema:
    """An optional query parameter."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def json_content(schema: Schema) -> Schema:
    """``application/json`` content of ``schema``."""
    return {"application/json": {"schema": schema}}


def json_body(schema: Schema, *, required: bool = True) -> Schema:
    """A JSON request body."""
    return {"required": required, "content": json_content(schema)}


def operation(
    summary: str,
    answers: Mapping[int, Schema],
    *,
    errors: Iterable[int],
    security: str | None,
    body: Schema | None = None,
    parameters: Iterable[Schema] = (),
    description: str = "",
) -> Schema:
    """One operation: its success answers (status -> JSON schema), the errors it may give,
    the security scheme it needs (``None``: none), its body and parameters."""
    responses: dict[str, Schema] = {
        str(status): {"description": "Success", "content": json_content(schema)}
        for status, schema in answers.items()
    }
    for status in sorted(set(errors) | ({401} if security else set())):
        responses[str(status)] = {
            "description": ERROR_DESCRIPTIONS[status],
            "content": json_content(ref("Error")),
        }
    result: Schema = {"summary": summary, "responses": responses}
    if description:
        result["description"] = description
    if security is not None:
        result["security"] = [{security: []}]
    else:
        result["security"] = []
    if body is not None:
        result["requestBody"] = body
    if parameters:
        result["parameters"] = list(parameters)
    return result


def download(summary: str, *, security: str, parameters: Iterable[Schema]) -> Schema:
    """An operation answering a stored document (PDF, JPEG or PNG)."""
    result = operation(
        summary, {}, errors=(400, 403, 404), security=security, parameters=parameters
    )
    binary: Schema = {"schema": {"type": "string", "format": "binary"}}
    result["responses"]["200"] = {
        "description": "The document, as an attachment",
        "content": {"application/pdf": binary, "image/jpeg": binary, "image/png": binary},
    }
    return result
