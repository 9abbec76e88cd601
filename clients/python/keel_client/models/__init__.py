"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .bad_request_envelope import BadRequestEnvelope
from .bad_request_info import BadRequestInfo
from .bad_request_info_code import BadRequestInfoCode
from .change_password_request import ChangePasswordRequest
from .conflict_envelope import ConflictEnvelope
from .conflict_info import ConflictInfo
from .conflict_info_code import ConflictInfoCode
from .envelope_accepted import EnvelopeAccepted
from .envelope_health_report import EnvelopeHealthReport
from .envelope_login_result import EnvelopeLoginResult
from .envelope_post import EnvelopePost
from .envelope_token_pair import EnvelopeTokenPair
from .envelope_user import EnvelopeUser
from .error_detail import ErrorDetail
from .forbidden_envelope import ForbiddenEnvelope
from .forbidden_info import ForbiddenInfo
from .forbidden_info_code import ForbiddenInfoCode
from .forgot_password_request import ForgotPasswordRequest
from .health_checks import HealthChecks
from .health_checks_dynamodb import HealthChecksDynamodb
from .health_checks_secrets import HealthChecksSecrets
from .health_report import HealthReport
from .internal_error_envelope import InternalErrorEnvelope
from .internal_error_info import InternalErrorInfo
from .internal_error_info_code import InternalErrorInfoCode
from .jwk import Jwk
from .jwks import Jwks
from .login_request import LoginRequest
from .login_result import LoginResult
from .meta import Meta
from .method_not_allowed_envelope import MethodNotAllowedEnvelope
from .method_not_allowed_info import MethodNotAllowedInfo
from .method_not_allowed_info_code import MethodNotAllowedInfoCode
from .not_found_envelope import NotFoundEnvelope
from .not_found_info import NotFoundInfo
from .not_found_info_code import NotFoundInfoCode
from .open_api_document import OpenApiDocument
from .open_api_document_info import OpenApiDocumentInfo
from .open_api_document_paths import OpenApiDocumentPaths
from .page_post import PagePost
from .page_user import PageUser
from .pagination import Pagination
from .payload_too_large_envelope import PayloadTooLargeEnvelope
from .payload_too_large_info import PayloadTooLargeInfo
from .payload_too_large_info_code import PayloadTooLargeInfoCode
from .post import Post
from .post_create import PostCreate
from .post_update import PostUpdate
from .precondition_failed_envelope import PreconditionFailedEnvelope
from .precondition_failed_info import PreconditionFailedInfo
from .precondition_failed_info_code import PreconditionFailedInfoCode
from .refresh_request import RefreshRequest
from .register_request import RegisterRequest
from .reset_password_request import ResetPasswordRequest
from .role import Role
from .role_change_request import RoleChangeRequest
from .service_unavailable_envelope import ServiceUnavailableEnvelope
from .service_unavailable_info import ServiceUnavailableInfo
from .service_unavailable_info_code import ServiceUnavailableInfoCode
from .token_pair import TokenPair
from .too_many_requests_envelope import TooManyRequestsEnvelope
from .too_many_requests_info import TooManyRequestsInfo
from .too_many_requests_info_code import TooManyRequestsInfoCode
from .unauthorized_envelope import UnauthorizedEnvelope
from .unauthorized_info import UnauthorizedInfo
from .unauthorized_info_code import UnauthorizedInfoCode
from .unsupported_media_type_envelope import UnsupportedMediaTypeEnvelope
from .unsupported_media_type_info import UnsupportedMediaTypeInfo
from .unsupported_media_type_info_code import UnsupportedMediaTypeInfoCode
from .update_me_request import UpdateMeRequest
from .user import User
from .validation_error_envelope import ValidationErrorEnvelope
from .validation_error_info import ValidationErrorInfo
from .validation_error_info_code import ValidationErrorInfoCode
from .verify_email_request import VerifyEmailRequest

__all__ = (
    "Accepted",
    "BadRequestEnvelope",
    "BadRequestInfo",
    "BadRequestInfoCode",
    "ChangePasswordRequest",
    "ConflictEnvelope",
    "ConflictInfo",
    "ConflictInfoCode",
    "EnvelopeAccepted",
    "EnvelopeHealthReport",
    "EnvelopeLoginResult",
    "EnvelopePost",
    "EnvelopeTokenPair",
    "EnvelopeUser",
    "ErrorDetail",
    "ForbiddenEnvelope",
    "ForbiddenInfo",
    "ForbiddenInfoCode",
    "ForgotPasswordRequest",
    "HealthChecks",
    "HealthChecksDynamodb",
    "HealthChecksSecrets",
    "HealthReport",
    "InternalErrorEnvelope",
    "InternalErrorInfo",
    "InternalErrorInfoCode",
    "Jwk",
    "Jwks",
    "LoginRequest",
    "LoginResult",
    "Meta",
    "MethodNotAllowedEnvelope",
    "MethodNotAllowedInfo",
    "MethodNotAllowedInfoCode",
    "NotFoundEnvelope",
    "NotFoundInfo",
    "NotFoundInfoCode",
    "OpenApiDocument",
    "OpenApiDocumentInfo",
    "OpenApiDocumentPaths",
    "PagePost",
    "PageUser",
    "Pagination",
    "PayloadTooLargeEnvelope",
    "PayloadTooLargeInfo",
    "PayloadTooLargeInfoCode",
    "Post",
    "PostCreate",
    "PostUpdate",
    "PreconditionFailedEnvelope",
    "PreconditionFailedInfo",
    "PreconditionFailedInfoCode",
    "RefreshRequest",
    "RegisterRequest",
    "ResetPasswordRequest",
    "Role",
    "RoleChangeRequest",
    "ServiceUnavailableEnvelope",
    "ServiceUnavailableInfo",
    "ServiceUnavailableInfoCode",
    "TokenPair",
    "TooManyRequestsEnvelope",
    "TooManyRequestsInfo",
    "TooManyRequestsInfoCode",
    "UnauthorizedEnvelope",
    "UnauthorizedInfo",
    "UnauthorizedInfoCode",
    "UnsupportedMediaTypeEnvelope",
    "UnsupportedMediaTypeInfo",
    "UnsupportedMediaTypeInfoCode",
    "UpdateMeRequest",
    "User",
    "ValidationErrorEnvelope",
    "ValidationErrorInfo",
    "ValidationErrorInfoCode",
    "VerifyEmailRequest",
)
