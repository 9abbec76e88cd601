"""GET /.well-known/jwks.json: the current and previous public signing keys (RFC 7517), unenveloped."""

from keel.http import Endpoint, raw
from keel.models.auth import Jwks
from keel.services import jwks as service

app = Endpoint("jwks")


@app.handle(responses={200: Jwks})
def jwks():
    return raw(service.public_keys().model_dump())


lambda_handler = app.lambda_handler
