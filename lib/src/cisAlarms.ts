import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_PREFIX } from "./environment";
import { alarmNotifications } from "./observability";

export interface CisMetricFilter {
    /** CIS AWS Foundations Benchmark v3.0.0 recommendation (section 4, "Monitoring"). */
    readonly cis: string;
    /**
     * The Security Hub control that runs the same audit in the CIS v1.2/v1.4 standards only: Security
     * Hub's CIS v3.0.0 standard has no CloudWatch control (section 4 is a manual check there).
     */
    readonly control: string;
    readonly pattern: string;
}

/**
 * Every CIS v3.0.0 section 4 metric filter the trail supports, keyed by short name, with the filter
 * patterns of the benchmark. Security Hub's CIS v3.0.0 standard contains none of them (its CloudWatch.x
 * controls belong to CIS v1.2/v1.4 only; v3.0.0 leaves section 4 to a manual check), so these alarms
 * are the baseline's own implementation of the recommendations, not a Security Hub check. Patterns
 * 4.2-4.14 are the ones the Security Hub user guide's CloudWatch controls print, 4.15 is the
 * benchmark's audit step, and 4.1 is the current benchmark pattern (below).
 */
export const CIS_METRIC_FILTERS: Readonly<Record<string, CisMetricFilter>> = {
    "unauthorized-api-calls": {
        cis: "4.1",
        control: "CloudWatch.2",
        // The current benchmark pattern (CIS AWS Foundations v1.5 onwards, v3.0.0 included) excludes the
        // AccessDenied calls of log delivery (`delivery.logs.amazonaws.com` probing buckets it may not
        // use) and HeadBucket existence checks, which fire all day without anyone being unauthorized:
        // { ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") &&
        //   ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }
        // written here with the grouping the benchmark means (either error code, and neither exclusion),
        // so the result does not depend on how && and || bind. The trail's log group holds management
        // events only (trail.ts), so S3 object-level AccessDenied calls never reach this filter.
        pattern:
            '{(($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")) && ' +
            '(($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket"))}',
    },
    "console-sign-in-without-mfa": {
        cis: "4.2",
        control: "CloudWatch.3",
        pattern:
            '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    },
    "root-account-usage": {
        cis: "4.3",
        control: "CloudWatch.1",
        pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    },
    "iam-policy-changes": {
        cis: "4.4",
        control: "CloudWatch.4",
        pattern:
            "{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || " +
            "($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || " +
            "($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || " +
            "($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || " +
            "($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || " +
            "($.eventName=DetachGroupPolicy)}",
    },
    "cloudtrail-changes": {
        cis: "4.5",
        control: "CloudWatch.5",
        pattern:
            "{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || " +
            "($.eventName=StartLogging) || ($.eventName=StopLogging)}",
    },
    "console-authentication-failures": {
        cis: "4.6",
        control: "CloudWatch.6",
        pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    },
    "cmk-disable-or-deletion": {
        cis: "4.7",
        control: "CloudWatch.7",
        pattern: "{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}",
    },
    "s3-bucket-policy-changes": {
        cis: "4.8",
        control: "CloudWatch.8",
        pattern:
            "{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || " +
            "($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || " +
            "($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || " +
            "($.eventName=DeleteBucketReplication))}",
    },
    "config-changes": {
        cis: "4.9",
        control: "CloudWatch.9",
        pattern:
            "{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || " +
            "($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || " +
            "($.eventName=PutConfigurationRecorder))}",
    },
    "security-group-changes": {
        cis: "4.10",
        control: "CloudWatch.10",
        pattern:
            "{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || " +
            "($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || " +
            "($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}",
    },
    "nacl-changes": {
        cis: "4.11",
        control: "CloudWatch.11",
        pattern:
            "{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || " +
            "($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || " +
            "($.eventName=ReplaceNetworkAclAssociation)}",
    },
    "network-gateway-changes": {
        cis: "4.12",
        control: "CloudWatch.12",
        pattern:
            "{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || " +
            "($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || " +
            "($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}",
    },
    "route-table-changes": {
        cis: "4.13",
        control: "CloudWatch.13",
        pattern:
            "{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || " +
            "($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || " +
            "($.eventName=DisassociateRouteTable)}",
    },
    "vpc-changes": {
        cis: "4.14",
        control: "CloudWatch.14",
        pattern:
            "{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || " +
            "($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || " +
            "($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || " +
            "($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || " +
            "($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}",
    },
    "organizations-changes": {
        cis: "4.15",
        control: "",
        pattern:
            '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ' +
            '($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ' +
            '($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ' +
            '($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ' +
            '($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ' +
            '($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ' +
            '($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ' +
            '($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    },
};

/** `unauthorized-api-calls` → `UnauthorizedApiCalls`, the metric's name. */
export const metricNameOf = (filter: string): string =>
    filter.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

export interface CisAlarmsArgs {
    /** The trail's CloudWatch Logs group (the security layer's account trail, or the organization trail's). */
    readonly logGroupName: pulumi.Input<string>;
    readonly alarmTopicArn: pulumi.Input<string>;
    /**
     * The Trail component that held the first three filters and alarms before they moved here:
     * aliased to it, they keep their URNs instead of being replaced (a replacement would create the
     * new filter under the same physical name, then delete it with the old one).
     */
    readonly previousParent?: pulumi.Resource;
}

/**
 * CIS v3.0.0 4.1-4.15: a metric filter on the trail's log group and an alarm to the alarm topic for each,
 * and an alarm when the group stops receiving the trail's events, which would silence the fifteen.
 * The security layer puts it on its account trail's group; the security-tooling layer on the organization
 * trail's group, where the filters see every account of the organization.
 */
export class CisAlarms extends pulumi.ComponentResource {
    /** One per CIS filter. */
    readonly alarms: aws.cloudwatch.MetricAlarm[] = [];
    /** The trail's events keep reaching the group the filters read. */
    readonly deliveryAlarm: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: CisAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:CisAlarms", name, {}, opts);
        for (const [filter, spec] of Object.entries(CIS_METRIC_FILTERS)) {
            const metricName = metricNameOf(filter);
            const aliases = args.previousParent ? [{ parent: args.previousParent }] : [];
            const metricFilter = new aws.cloudwatch.LogMetricFilter(
                `${name}-${filter}`,
                {
                    name: `${NAME_PREFIX}-${filter}`,
                    logGroupName: args.logGroupName,
                    pattern: spec.pattern,
                    metricTransformation: { name: metricName, namespace: "CISBenchmark", value: "1" },
                },
                { parent: this, aliases },
            );
            this.alarms.push(
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${filter}-alarm`,
                    {
                        name: `${NAME_PREFIX}-${filter}`,
                        alarmDescription: `CIS ${spec.cis}: ${filter.replace(/-/g, " ")}`,
                        namespace: "CISBenchmark",
                        metricName,
                        statistic: "Sum",
                        period: 300,
                        evaluationPeriods: 1,
                        threshold: 1,
                        comparisonOperator: "GreaterThanOrEqualToThreshold",
                        treatMissingData: "notBreaching",
                        ...alarmNotifications(args.alarmTopicArn),
                    },
                    { parent: this, aliases, dependsOn: [metricFilter] },
                ),
            );
        }
        // The fifteen alarms above treat no data as good: if the trail's events stop reaching the group (the
        // CloudTrail role or the logs key refused), they all stay quiet exactly when nothing is watched. A
        // multi-region trail of management events writes to the group all the time (AWS services' own calls
        // included), so an hour without one is a broken delivery. CloudWatch Logs publishes IncomingLogEvents
        // per LogGroupName; "breaching" makes no data at all an alarm too.
        this.deliveryAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-log-delivery-alarm`,
            {
                name: `${NAME_PREFIX}-trail-log-delivery`,
                alarmDescription: "No trail events reached the CloudWatch Logs group for an hour: the CIS alarms cannot fire",
                namespace: "AWS/Logs",
                metricName: "IncomingLogEvents",
                dimensions: { LogGroupName: args.logGroupName },
                statistic: "Sum",
                period: 3600,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "LessThanThreshold",
                treatMissingData: "breaching",
                ...alarmNotifications(args.alarmTopicArn),
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
