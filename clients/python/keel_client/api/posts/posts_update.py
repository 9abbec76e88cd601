from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bad_request_envelope import BadRequestEnvelope
from ...models.envelope_post import EnvelopePost
from ...models.forbidden_envelope import ForbiddenEnvelope
from ...models.internal_error_envelope import InternalErrorEnvelope
from ...models.not_found_envelope import NotFoundEnvelope
from ...models.payload_too_large_envelope import PayloadTooLargeEnvelope
from ...models.post_update import PostUpdate
from ...models.precondition_failed_envelope import PreconditionFailedEnvelope
from ...models.service_unavailable_envelope import ServiceUnavailableEnvelope
from ...models.too_many_requests_envelope import TooManyRequestsEnvelope
from ...models.unauthorized_envelope import UnauthorizedEnvelope
from ...models.unsupported_media_type_envelope import UnsupportedMediaTypeEnvelope
from ...models.validation_error_envelope import ValidationErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    post_id: str,
    *,
    body: PostUpdate,
    if_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["if-match"] = if_match

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/posts/{post_id}".format(
            post_id=quote(str(post_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | PreconditionFailedEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnauthorizedEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    if response.status_code == 200:
        response_200 = EnvelopePost.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = BadRequestEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = UnauthorizedEnvelope.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ForbiddenEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundEnvelope.from_dict(response.json())

        return response_404

    if response.status_code == 412:
        response_412 = PreconditionFailedEnvelope.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = PayloadTooLargeEnvelope.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = UnsupportedMediaTypeEnvelope.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ValidationErrorEnvelope.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = TooManyRequestsEnvelope.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = InternalErrorEnvelope.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ServiceUnavailableEnvelope.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | PreconditionFailedEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnauthorizedEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    post_id: str,
    *,
    client: AuthenticatedClient,
    body: PostUpdate,
    if_match: str | Unset = UNSET,
) -> Response[
    BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | PreconditionFailedEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnauthorizedEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
]:
    """Update a post

     Owner, moderator or admin; If-Match makes it conditional on the version seen.

    Args:
        post_id (str):
        if_match (str | Unset): `*` or ETags: update only that version (else 412).
        body (PostUpdate): PATCH /v1/posts/{post_id} body: at least one field; a field that is
            sent may not be null.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | PreconditionFailedEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnauthorizedEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope]
    """

    kwargs = _get_kwargs(
        post_id=post_id,
        body=body,
        if_match=if_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    post_id: str,
    *,
    client: AuthenticatedClient,
    body: PostUpdate,
    if_match: str | Unset = UNSET,
) -> (
    BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | PreconditionFailedEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnauthorizedEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    """Update a post

     Owner, moderator or admin; If-Match makes it conditional on the version seen.

    Args:
        post_id (str):
        if_match (str | Unset): `*` or ETags: update only that version (else 412).
        body (PostUpdate): PATCH /v1/posts/{post_id} body: at least one field; a field that is
            sent may not be null.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | PreconditionFailedEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnauthorizedEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope
    """

    return sync_detailed(
        post_id=post_id,
        client=client,
        body=body,
        if_match=if_match,
    ).parsed


async def asyncio_detailed(
    post_id: str,
    *,
    client: AuthenticatedClient,
    body: PostUpdate,
    if_match: str | Unset = UNSET,
) -> Response[
    BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | PreconditionFailedEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnauthorizedEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
]:
    """Update a post

     Owner, moderator or admin; If-Match makes it conditional on the version seen.

    Args:
        post_id (str):
        if_match (str | Unset): `*` or ETags: update only that version (else 412).
        body (PostUpdate): PATCH /v1/posts/{post_id} body: at least one field; a field that is
            sent may not be null.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | PreconditionFailedEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnauthorizedEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope]
    """

    kwargs = _get_kwargs(
        post_id=post_id,
        body=body,
        if_match=if_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    post_id: str,
    *,
    client: AuthenticatedClient,
    body: PostUpdate,
    if_match: str | Unset = UNSET,
) -> (
    BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | PreconditionFailedEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnauthorizedEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    """Update a post

     Owner, moderator or admin; If-Match makes it conditional on the version seen.

    Args:
        post_id (str):
        if_match (str | Unset): `*` or ETags: update only that version (else 412).
        body (PostUpdate): PATCH /v1/posts/{post_id} body: at least one field; a field that is
            sent may not be null.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | PreconditionFailedEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnauthorizedEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope
    """

    return (
        await asyncio_detailed(
            post_id=post_id,
            client=client,
            body=body,
            if_match=if_match,
        )
    ).parsed
