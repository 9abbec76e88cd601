"""Every synth passes cdk-nag (AwsSolutions + Serverless) and cfn-lint, for both stages."""

from __future__ import annotations

import csv
import json

import pytest

from tests.infra.conftest import SYNTH

pytestmark = SYNTH


def test_cdk_nag_has_no_unsuppressed_findings(stage):
    assert stage.nag_findings == []


def test_both_nag_packs_ran_and_every_suppression_gives_a_reason(stage):
    for pack in ("AwsSolutions", "Serverless"):
        reports = list(stage.directory.glob(f"{pack}-*-NagReport.csv"))
        assert len(reports) == 2, pack  # one per stack
        for report in reports:
            rows = list(csv.DictReader(report.open()))
            assert rows, report.name
            assert {r["Compliance"] for r in rows} <= {"Compliant", "Suppressed", "N/A"}
            for row in rows:
                if row["Compliance"] == "Suppressed":
                    reason = row["Exception Reason"].split("] ", 1)[-1]
                    assert len(reason) >= 40, row


def test_cfn_lint_finds_no_errors(stage):
    assert stage.cfn_lint == []


@pytest.mark.parametrize("stack", ["data", "api"])
def test_templates_hold_no_key_material(stage, stack):
    text = json.dumps(stage.data_json if stack == "data" else stage.api_json)
    assert "PRIVATE KEY" not in text
    assert '"SecretString"' not in text  # secrets are generated at deploy time, never written into the template
