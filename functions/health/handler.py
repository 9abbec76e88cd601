"""GET /v1/health: 200 when DynamoDB and the signing-key secret answer, else 503 naming the failing checks."""

from keel.config import get_settings
from keel.http import Endpoint, ok
from keel.models.health import HealthReport
from keel.repositories import probes
from keel.services import health as service

app = Endpoint("health")


@app.handle(responses={200: HealthReport, 503: None})
def get_health():
    report = service.check(
        version=get_settings().version,
        table=probes.table_reachable,
        secrets=probes.signing_key_reachable,
    )
    return ok(report)


lambda_handler = app.lambda_handler
