"""POST /v1/auth/verify-email/resend: 202; a new link is mailed unless the address is verified or rate-limited."""

from keel.http import Endpoint, current_caller, ok
from keel.models.mail import RESEND_ACCEPTED, Accepted
from keel.repositories import factory
from keel.services import email_verification

app = Endpoint("auth_verify_email_resend")


@app.handle(responses={202: Accepted})
def resend_verification():
    email_verification.resend(current_caller(app), users=factory.users(), mail=factory.mail())
    return ok(RESEND_ACCEPTED, status=202)


lambda_handler = app.lambda_handler
