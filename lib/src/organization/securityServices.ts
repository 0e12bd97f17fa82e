/**
 * SCP: the account's own administrators cannot switch off what watches them: CloudTrail, AWS
 * Config, GuardDuty, Security Hub, IAM Access Analyzer and VPC flow logs. The deploy role keeps
 * these actions because it creates and updates the very resources (the organization trail, the
 * Config recorder and rules, the delegated administrator's GuardDuty and Security Hub settings,
 * the analyzers, the flow logs and their log groups) and replaces them when their settings change.
 */
import { Guardrail, OrgStatement } from "./document";
import { GuardrailFacts, exceptDeployRole } from "./facts";

export function securityServicesScp(facts: GuardrailFacts): Guardrail {
    const exempt = exceptDeployRole(facts);
    const deny = (Sid: string, Action: readonly string[], Resource: string | readonly string[] = "*"): OrgStatement => ({
        Sid,
        Effect: "Deny",
        Action,
        Resource,
        Condition: exempt,
    });
    return {
        name: `${facts.namePrefix}-protect-security-services`,
        kind: "SERVICE_CONTROL_POLICY",
        description:
            "Denies stopping, deleting or weakening CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer and flow logs",
        document: {
            Version: "2012-10-17",
            Statement: [
                deny("ProtectCloudTrail", [
                    "cloudtrail:StopLogging",
                    "cloudtrail:DeleteTrail",
                    "cloudtrail:UpdateTrail",
                    "cloudtrail:PutEventSelectors",
                    "cloudtrail:PutInsightSelectors",
                ]),
                deny("ProtectConfig", [
                    "config:StopConfigurationRecorder",
                    "config:DeleteConfigurationRecorder",
                    "config:PutConfigurationRecorder",
                    "config:DeleteDeliveryChannel",
                    "config:PutDeliveryChannel",
                    "config:DeleteConfigRule",
                    "config:DeleteEvaluationResults",
                    "config:DeleteRemediationConfiguration",
                    "config:DeleteRetentionConfiguration",
                    "config:DeleteAggregationAuthorization",
                    "config:DeleteConfigurationAggregator",
                ]),
                deny("ProtectGuardDuty", [
                    "guardduty:DeleteDetector",
                    "guardduty:UpdateDetector",
                    "guardduty:DisassociateFromMasterAccount",
                    "guardduty:DisassociateFromAdministratorAccount",
                    "guardduty:DisassociateMembers",
                    "guardduty:DeleteMembers",
                    "guardduty:StopMonitoringMembers",
                    "guardduty:UpdateOrganizationConfiguration",
                ]),
                deny("ProtectSecurityHub", [
                    "securityhub:DisableSecurityHub",
                    "securityhub:DisassociateFromMasterAccount",
                    "securityhub:DisassociateFromAdministratorAccount",
                    "securityhub:DisassociateMembers",
                    "securityhub:DeleteMembers",
                    "securityhub:BatchDisableStandards",
                    "securityhub:UpdateStandardsControl",
                    "securityhub:DeleteFindingAggregator",
                ]),
                deny("ProtectAccessAnalyzer", ["access-analyzer:DeleteAnalyzer"]),
                // Any VPC's flow logs, not only the baseline's: the baseline's remediation gives every
                // VPC flow logs, so deleting one switches a control off whoever created it.
                deny("ProtectFlowLogs", ["ec2:DeleteFlowLogs"]),
                deny(
                    "ProtectFlowLogGroups",
                    ["logs:DeleteLogGroup"],
                    `arn:aws:logs:*:*:log-group:/${facts.namePrefix}/vpc-flow-logs*`,
                ),
            ],
        },
    };
}
