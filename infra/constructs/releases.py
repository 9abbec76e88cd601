"""Safe releases (prod): every function's ``live`` alias moves to a new version through a CodeDeploy canary.

10 % of the traffic goes to the new version for ten minutes, then all of it. CodeDeploy rolls the alias back by
itself when the deployment fails or is stopped, or when one of the function's rollback alarms (its alias's
``Errors`` and ``DurationP99``, see ``Monitoring``) is in ALARM during the deployment. Ten minutes, not five: the
p99 duration alarm judges 2 of 3 five-minute periods, so a shorter canary could finish before it can fire.
Dev has no deployment groups: the alias moves at once.
"""

from __future__ import annotations

from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_codedeploy as codedeploy
from aws_cdk import aws_iam as iam
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from infra.constructs.functions import KeelFunction
from infra.stages import StageConfig

CANARY = codedeploy.LambdaDeploymentConfig.CANARY_10_PERCENT_10_MINUTES
CODEDEPLOY_POLICY = "service-role/AWSCodeDeployRoleForLambdaLimited"


class Releases(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        functions: dict[str, KeelFunction],
        alarms: dict[str, list[cw.IAlarm]],
    ) -> None:
        super().__init__(scope, construct_id)
        application = codedeploy.LambdaApplication(self, "Application", application_name=f"keel-{config.name}")
        # One role for every deployment group (CodeDeploy would otherwise create one per function).
        role = iam.Role(
            self,
            "Role",
            assumed_by=iam.ServicePrincipal("codedeploy.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(CODEDEPLOY_POLICY)],
            description=f"Keel {config.name}: CodeDeploy shifts the functions' live aliases",
        )
        NagSuppressions.add_resource_suppressions(
            role,
            [
                NagPackSuppression(
                    id="AwsSolutions-IAM4",
                    reason="AWSCodeDeployRoleForLambdaLimited is AWS's least-privilege policy for Lambda "
                    "deployments (alias updates and invoking the optional hook functions only).",
                    applies_to=[f"Policy::arn:<AWS::Partition>:iam::aws:policy/{CODEDEPLOY_POLICY}"],
                )
            ],
        )
        self.groups = {}
        for name, function in functions.items():
            self.groups[name] = codedeploy.LambdaDeploymentGroup(
                self,
                function.node.id,
                application=application,
                alias=function.alias,
                deployment_config=CANARY,
                role=role,
                alarms=alarms[name],
                auto_rollback=codedeploy.AutoRollbackConfig(
                    failed_deployment=True, stopped_deployment=True, deployment_in_alarm=True
                ),
            )
