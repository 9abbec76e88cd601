from http import HTTPStatus
from typing import Any, cast
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
from ...models.service_unavailable_envelope import ServiceUnavailableEnvelope
from ...models.too_many_requests_envelope import TooManyRequestsEnvelope
from ...models.unsupported_media_type_envelope import UnsupportedMediaTypeEnvelope
from ...models.validation_error_envelope import ValidationErrorEnvelope
from ...types import UNSET, Response, Unset


def _get_kwargs(
    post_id: str,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["if-none-match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/posts/{post_id}".format(
            post_id=quote(str(post_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    if response.status_code == 200:
        response_200 = EnvelopePost.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = BadRequestEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = ForbiddenEnvelope.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = NotFoundEnvelope.from_dict(response.json())

        return response_404

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
    Any
    | BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
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
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> Response[
    Any
    | BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
]:
    """Read a post

     A live post with its ETag; 304 when If-None-Match still matches.

    Args:
        post_id (str):
        if_none_match (str | Unset): `*` or ETags: 304 while one is current.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope]
    """

    kwargs = _get_kwargs(
        post_id=post_id,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    post_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> (
    Any
    | BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    """Read a post

     A live post with its ETag; 304 when If-None-Match still matches.

    Args:
        post_id (str):
        if_none_match (str | Unset): `*` or ETags: 304 while one is current.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope
    """

    return sync_detailed(
        post_id=post_id,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    post_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> Response[
    Any
    | BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
]:
    """Read a post

     A live post with its ETag; 304 when If-None-Match still matches.

    Args:
        post_id (str):
        if_none_match (str | Unset): `*` or ETags: 304 while one is current.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope]
    """

    kwargs = _get_kwargs(
        post_id=post_id,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    post_id: str,
    *,
    client: AuthenticatedClient | Client,
    if_none_match: str | Unset = UNSET,
) -> (
    Any
    | BadRequestEnvelope
    | EnvelopePost
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | NotFoundEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    """Read a post

     A live post with its ETag; 304 when If-None-Match still matches.

    Args:
        post_id (str):
        if_none_match (str | Unset): `*` or ETags: 304 while one is current.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BadRequestEnvelope | EnvelopePost | ForbiddenEnvelope | InternalErrorEnvelope | NotFoundEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope
    """

    return (
        await asyncio_detailed(
            post_id=post_id,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
