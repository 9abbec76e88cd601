"""GET /.well-known/jwks.json: the current and previous public signing keys (RFC 7517), unenveloped."""

from keel.http import Endpoint, Raw, raw
from keel.models.auth import Jwks
from keel.services import jwks as service

app = Endpoint("jwks")


@app.handle(responses={200: Raw(Jwks)}, description="An RFC 7517 JWK Set, not wrapped in the envelope.")
def jwks():
    return raw(service.public_keys().model_dump())


lambda_handler = app.lambda_handler
