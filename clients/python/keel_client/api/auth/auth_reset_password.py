from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bad_request_envelope import BadRequestEnvelope
from ...models.forbidden_envelope import ForbiddenEnvelope
from ...models.internal_error_envelope import InternalErrorEnvelope
from ...models.payload_too_large_envelope import PayloadTooLargeEnvelope
from ...models.reset_password_request import ResetPasswordRequest
from ...models.service_unavailable_envelope import ServiceUnavailableEnvelope
from ...models.too_many_requests_envelope import TooManyRequestsEnvelope
from ...models.unsupported_media_type_envelope import UnsupportedMediaTypeEnvelope
from ...models.validation_error_envelope import ValidationErrorEnvelope
from ...types import Response


def _get_kwargs(
    *,
    body: ResetPasswordRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/auth/reset-password",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Any
    | BadRequestEnvelope
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    if response.status_code == 400:
        response_400 = BadRequestEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = ForbiddenEnvelope.from_dict(response.json())

        return response_403

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
    | ForbiddenEnvelope
    | InternalErrorEnvelope
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
    *,
    client: AuthenticatedClient | Client,
    body: ResetPasswordRequest,
) -> Response[
    Any
    | BadRequestEnvelope
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
]:
    """Set a new password with the token from the reset mail

     204, every session revoked and the lockout cleared; 400 bad token, 422 weak.

    Args:
        body (ResetPasswordRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BadRequestEnvelope | ForbiddenEnvelope | InternalErrorEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: ResetPasswordRequest,
) -> (
    Any
    | BadRequestEnvelope
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    """Set a new password with the token from the reset mail

     204, every session revoked and the lockout cleared; 400 bad token, 422 weak.

    Args:
        body (ResetPasswordRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BadRequestEnvelope | ForbiddenEnvelope | InternalErrorEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ResetPasswordRequest,
) -> Response[
    Any
    | BadRequestEnvelope
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
]:
    """Set a new password with the token from the reset mail

     204, every session revoked and the lockout cleared; 400 bad token, 422 weak.

    Args:
        body (ResetPasswordRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | BadRequestEnvelope | ForbiddenEnvelope | InternalErrorEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: ResetPasswordRequest,
) -> (
    Any
    | BadRequestEnvelope
    | ForbiddenEnvelope
    | InternalErrorEnvelope
    | PayloadTooLargeEnvelope
    | ServiceUnavailableEnvelope
    | TooManyRequestsEnvelope
    | UnsupportedMediaTypeEnvelope
    | ValidationErrorEnvelope
    | None
):
    """Set a new password with the token from the reset mail

     204, every session revoked and the lockout cleared; 400 bad token, 422 weak.

    Args:
        body (ResetPasswordRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | BadRequestEnvelope | ForbiddenEnvelope | InternalErrorEnvelope | PayloadTooLargeEnvelope | ServiceUnavailableEnvelope | TooManyRequestsEnvelope | UnsupportedMediaTypeEnvelope | ValidationErrorEnvelope
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
