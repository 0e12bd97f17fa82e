import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeployRegion, NAME_PREFIX } from "./environment";
import { names } from "./naming";
import { encryptedLogGroup } from "./observability";
import { PolicyDocument, Statement, policyDocument } from "./policyDocument";
import { AccountEntry } from "./topology";

/** EventBridge rules that forward findings to an alarm topic, by short name. */
export const FINDINGS_RULES = ["securityhub-findings"] as const;
export type FindingsRule = (typeof FINDINGS_RULES)[number];

/**
 * Names a routing takes. An account has one routing of its own; the security-tooling account has two:
 * the organization's (the security-tooling layer's, every member's findings), which keeps the plain
 * names, and its own security stacks', whose names end in `-<nameSuffix>`.
 */
export interface RoutingNames {
    readonly nameSuffix?: string;
}
const suffixed = (name: string, ctx: RoutingNames): string => (ctx.nameSuffix ? `${name}-${ctx.nameSuffix}` : name);

/**
 * The names of an account's own routing (its security stacks'): `-account` in the security-tooling account,
 * where the organization's routing (security-tooling layer) has the plain names; plain everywhere else.
 */
export const accountRoutingNames = (account: Pick<AccountEntry, "kind"> | undefined): RoutingNames =>
    account?.kind === "security-tooling" ? { nameSuffix: "account" } : {};

export const findingsRuleName = (rule: FindingsRule, ctx: RoutingNames = {}): string => suffixed(`${NAME_PREFIX}-${rule}`, ctx);
export const findingsRuleArn = (ctx: { accountId: string; region: string } & RoutingNames, rule: FindingsRule): string =>
    names.eventRuleArn(ctx.region, ctx.accountId, findingsRuleName(rule, ctx));
/** The marker state machine's name, its log group's and its two roles' (naming.ts), for a routing. */
export const markerNames = (ctx: { region: DeployRegion } & RoutingNames) => ({
    stateMachine: suffixed(names.findingsMarker, ctx),
    logGroup: suffixed(names.findingsMarkerLogGroup, ctx),
    role: suffixed(names.findingsMarkerRole(ctx.region), ctx),
    startRole: suffixed(names.findingsMarkerStartRole(ctx.region), ctx),
});

/** Severity labels that reach a person through the alarm topic. */
export const FORWARDED_SEVERITIES = ["HIGH", "CRITICAL"] as const;

/** The workflow status a forwarded finding is given, so that its later updates are not forwarded again. */
export const FORWARDED_STATUS = "NOTIFIED";

/**
 * New, active HIGH and CRITICAL Security Hub findings raised in this region, GuardDuty's included, each
 * forwarded ONCE. Security Hub sends every new finding and every update of one as `Security Hub Findings
 * - Imported` (Security Hub user guide, "Using EventBridge for automated response and remediation":
 * "Security Hub CSPM automatically sends all new findings and all updates to existing findings to
 * EventBridge"); a finding that stays open is re-imported on every evaluation with the same workflow
 * status. The rule matches NEW only, and its second target, the findings marker (below), moves each
 * finding it forwards from NEW to NOTIFIED, so the updates that follow are not forwarded. A finding
 * that is resolved and fails again returns to NEW (Security Hub resets the workflow of a control
 * finding that goes from PASSED back to FAILED) and is forwarded again: that is a new incident.
 *
 * The marking happens AFTER EventBridge has the finding, never before: a Security Hub automation rule
 * cannot do it. The Security Hub user guide ("Automations in Security Hub CSPM"): "Automation rules
 * take effect before EventBridge rules are applied. That is, automation rules are triggered and update
 * a finding before EventBridge receives the finding. EventBridge rules then apply to the updated
 * finding." An automation rule marking NEW findings NOTIFIED would hand this pattern nothing but
 * NOTIFIED findings, and nothing would ever be forwarded (findingsRouting.test.ts plays that out).
 *
 * GuardDuty findings go through Security Hub too, not through a rule of their own: GuardDuty re-sends an
 * existing finding to EventBridge with every new occurrence, at the detector's publishing frequency, and
 * its first event may already count several occurrences (GuardDuty user guide, "Processing GuardDuty
 * findings with Amazon EventBridge"), so no field of a GuardDuty event tells the first from a repeat;
 * Security Hub imports them (ProductName GuardDuty) and its workflow status does.
 *
 * `detail.findings[].Region` is the finding's region, so in the aggregation region the rule does not
 * forward the other regions' findings a second time (their own rule forwards them). With `account`,
 * `detail.findings[].AwsAccountId` keeps the rule to that account's findings: the delegated
 * administrator's event bus also receives every member's ("create EventBridge rules in the Security Hub
 * delegated administrator account. This notifies teams about all findings in the member accounts", AWS
 * Prescriptive Guidance, "Manage findings in Security Hub"), which the organization's routing forwards.
 */
export function securityHubFindingsPattern(region: DeployRegion | "every region", account?: string): object {
    return {
        source: ["aws.securityhub"],
        "detail-type": ["Security Hub Findings - Imported"],
        detail: {
            findings: {
                ...(account === undefined ? {} : { AwsAccountId: [account] }),
                ...(region === "every region" ? {} : { Region: [region] }),
                Severity: { Label: [...FORWARDED_SEVERITIES] },
                Workflow: { Status: ["NEW"] },
                RecordState: ["ACTIVE"],
            },
        },
    };
}

/**
 * The key statement that lets EventBridge rules publish to an encrypted topic: the topic's data keys only.
 * Not aws:SourceAccount or aws:SourceArn, which a topic policy uses: the SNS developer guide ("Configuring
 * AWS KMS permissions", on event sources and encrypted topics): "Adding the aws:SourceAccount,
 * aws:SourceArn, and aws:SourceOrgID to a AWS KMS policy is not supported for EventBridge-to-encrypted
 * topics." With them every delivery fails. SNS asks for data keys with the encryption context
 * aws:sns:topicArn; which rule may publish stays the topic policy's condition.
 */
export function eventBridgeTopicKeyStatement(sid: string, topicArn: string): Statement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
        Resource: "*",
        Condition: { StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": topicArn } },
    };
}

/** Who the marker's note names as the author of the NOTIFIED status. */
export const MARKER_NOTE_AUTHOR = `${NAME_PREFIX}-findings-routing`;

/**
 * The findings marker's state machine (Amazon States Language, JSONata): one task that calls Security
 * Hub's BatchUpdateFindings through the AWS SDK integration for the findings of the event that started
 * it, setting Workflow.Status to NOTIFIED with a note. No function code: the SDK integration is the
 * whole program. BatchUpdateFindings "can be used to update up to 100 findings at a time" (API
 * reference); an Imported event carries one. Retries cover throttling; should it still fail, the
 * finding stays NEW and its next import is forwarded again: a repeat, never a lost alarm.
 *
 * Security Hub user guide, "BatchUpdateFindings for customers": "When Security Hub CSPM receives a
 * BatchUpdateFindings request to update a finding, it automatically generates a Security Hub Findings
 * - Imported event", here with NOTIFIED, which the pattern does not match. The API reference: "Member
 * accounts can update findings for their account", so the marker works in organization mode too,
 * where automation rules ("from a Security Hub CSPM administrator account only") would not.
 */
export function markNotifiedDefinition(): object {
    return {
        Comment: "Marks the Security Hub findings the findings rule forwarded to the alarm topic NOTIFIED",
        QueryLanguage: "JSONata",
        StartAt: "MarkNotified",
        States: {
            MarkNotified: {
                Type: "Task",
                Resource: "arn:aws:states:::aws-sdk:securityhub:batchUpdateFindings",
                Arguments: {
                    // The array constructor keeps a single finding a list (JSONata returns a lone match as a value).
                    FindingIdentifiers: "{% [$states.input.detail.findings.{'Id': Id, 'ProductArn': ProductArn}] %}",
                    Workflow: { Status: FORWARDED_STATUS },
                    Note: {
                        Text: "Sent to the baseline's alarm topic; later updates of this finding are not sent again.",
                        UpdatedBy: MARKER_NOTE_AUTHOR,
                    },
                },
                Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 2, MaxAttempts: 4, BackoffRate: 2 }],
                End: true,
            },
        },
    };
}

export interface MarkerContext extends RoutingNames {
    readonly accountId: string;
    readonly region: DeployRegion;
}

export const markerArn = (ctx: MarkerContext): string =>
    `arn:aws:states:${ctx.region}:${ctx.accountId}:stateMachine:${markerNames(ctx).stateMachine}`;

/**
 * The marker's execution role: Step Functions of this account, for this state machine only (the Step
 * Functions developer guide, "Cross-service confused deputy prevention", conditions the trust on
 * aws:SourceArn and aws:SourceAccount).
 */
export function markerTrustPolicy(ctx: MarkerContext): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: "states.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ctx.accountId }, ArnEquals: { "aws:SourceArn": markerArn(ctx) } },
    });
}

/**
 * What the marker may do: set findings of this region's hub to NOTIFIED and nothing else of Security
 * Hub (the user guide's "Configuring access to BatchUpdateFindings" names the context key
 * securityhub:ASFFSyntaxPath/Workflow.Status), and deliver its error log.
 */
export function markerRolePolicy(ctx: MarkerContext): PolicyDocument {
    return policyDocument(
        {
            Sid: "MarkForwardedFindingsNotified",
            Effect: "Allow",
            Action: "securityhub:BatchUpdateFindings",
            Resource: `arn:aws:securityhub:${ctx.region}:${ctx.accountId}:hub/default`,
            Condition: { StringEquals: { "securityhub:ASFFSyntaxPath/Workflow.Status": FORWARDED_STATUS } },
        },
        {
            // Step Functions developer guide, "IAM Policies for logging to CloudWatch Logs": the execution
            // role sets up the log delivery, with actions that take no resource ARN ("CloudWatch API
            // actions, such as CreateLogDelivery and DescribeLogGroups, do not support Resource types"),
            // so "*". Not logs:PutResourcePolicy, which the guide's example also lists: the CloudWatch Logs
            // guide ("Logs sent to CloudWatch Logs") needs it only to create the log group's resource policy
            // when "the log group currently does not have a resource policy", and markerLogDeliveryPolicy is
            // that policy, created beforehand. A role that may rewrite who writes to every log group is not
            // needed to mark findings.
            Sid: "DeliverErrorLog",
            Effect: "Allow",
            Action: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
            ],
            Resource: "*",
        },
    );
}

/**
 * The CloudWatch Logs resource policy that lets log delivery write the marker's log: the statement the
 * CloudWatch Logs guide ("Logs sent to CloudWatch Logs", "Log group resource policy") says AWS creates
 * for a log group that has none, limited to the marker's group. Created here so the execution role needs
 * no logs:PutResourcePolicy (markerRolePolicy).
 */
export function markerLogDeliveryPolicy(ctx: MarkerContext): PolicyDocument {
    return policyDocument({
        Sid: "FindingsMarkerLogDelivery",
        Effect: "Allow",
        Principal: { Service: "delivery.logs.amazonaws.com" },
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${markerNames(ctx).logGroup}:log-stream:*`,
        Condition: {
            StringEquals: { "aws:SourceAccount": ctx.accountId },
            ArnLike: { "aws:SourceArn": `arn:aws:logs:${ctx.region}:${ctx.accountId}:*` },
        },
    });
}

/**
 * The role EventBridge starts the marker with: this account's findings rule only. EventBridge documents
 * aws:SourceArn (the rule) and aws:SourceAccount for the resource policies of its targets (the alarm
 * topic's policy relies on them), but nothing found says it sends them when it assumes a target's role;
 * a condition on a key absent from the request denies it, and the marker would never run. So the keys
 * are checked where they are sent (IfExists), narrowed to this rule and account. Only EventBridge may
 * assume the role, and it starts nothing but this state machine (markerStartRolePolicy).
 */
export function markerStartTrustPolicy(ctx: MarkerContext): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
            StringEqualsIfExists: { "aws:SourceAccount": ctx.accountId },
            ArnEqualsIfExists: { "aws:SourceArn": findingsRuleArn(ctx, "securityhub-findings") },
        },
    });
}

export function markerStartRolePolicy(ctx: MarkerContext): PolicyDocument {
    return policyDocument({ Effect: "Allow", Action: "states:StartExecution", Resource: markerArn(ctx) });
}

export interface FindingsRoutingArgs extends MarkerContext {
    /**
     * Which findings: this account's in this region (every account's security layer, in every region), or every
     * region's (the delegated administrator's aggregation region, where the linked regions' findings of every
     * member account arrive too).
     */
    readonly findingsOf?: "this region" | "every region";
    readonly alarmTopicArn: pulumi.Input<string>;
    /** The topic policy that lets these rules publish: targets fail until it exists. */
    readonly dependsOn: pulumi.Resource[];
    /** The logs key, for the marker's error log. */
    readonly logsKeyArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
}

/**
 * The EventBridge rule that sends HIGH and CRITICAL findings (Security Hub's own and GuardDuty's) to the
 * alarm topic, and the findings marker it also starts, which makes each finding go once.
 */
export class FindingsRouting extends pulumi.ComponentResource {
    readonly rules: Record<FindingsRule, aws.cloudwatch.EventRule>;
    readonly marker: aws.sfn.StateMachine;

    constructor(name: string, args: FindingsRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:FindingsRouting", name, {}, opts);
        const ctx: MarkerContext = { accountId: args.accountId, region: args.region, nameSuffix: args.nameSuffix };
        const marker = markerNames(ctx);
        const role = (suffix: string, roleName: string, description: string, trust: PolicyDocument, policy: PolicyDocument) => {
            const r = new aws.iam.Role(
                `${name}-${suffix}`,
                {
                    name: roleName,
                    path: names.rolePath,
                    description,
                    assumeRolePolicy: JSON.stringify(trust),
                    maxSessionDuration: 3600,
                },
                { parent: this },
            );
            const p = new aws.iam.RolePolicy(
                `${name}-${suffix}-policy`,
                { role: r.name, policy: JSON.stringify(policy) },
                { parent: r },
            );
            return { role: r, policy: p };
        };
        const markerRole = role(
            "marker-role",
            marker.role,
            "Step Functions: marks the findings the findings rule forwarded NOTIFIED",
            markerTrustPolicy(ctx),
            markerRolePolicy(ctx),
        );
        const log = encryptedLogGroup(
            `${name}-marker-log`,
            { name: marker.logGroup, kmsKeyId: args.logsKeyArn, retentionInDays: args.logRetentionDays },
            { parent: this },
        );
        const delivery = new aws.cloudwatch.LogResourcePolicy(
            `${name}-marker-log-delivery`,
            { policyName: `${marker.stateMachine}-log-delivery`, policyDocument: JSON.stringify(markerLogDeliveryPolicy(ctx)) },
            { parent: this },
        );
        this.marker = new aws.sfn.StateMachine(
            `${name}-marker`,
            {
                name: marker.stateMachine,
                // Express: one short SDK call per finding, at a fraction of a standard workflow's price.
                type: "EXPRESS",
                roleArn: markerRole.role.arn,
                definition: JSON.stringify(markNotifiedDefinition()),
                // StepFunctions.1: logging on. Errors only: the input is the finding itself.
                loggingConfiguration: {
                    level: "ERROR",
                    includeExecutionData: false,
                    logDestination: pulumi.interpolate`${log.arn}:*`,
                },
            },
            { parent: this, dependsOn: [markerRole.policy, delivery] },
        );
        const startRole = role(
            "marker-start-role",
            marker.startRole,
            "EventBridge: starts the findings marker for the findings rule",
            markerStartTrustPolicy(ctx),
            markerStartRolePolicy(ctx),
        );
        const route = (rule: FindingsRule, description: string, pattern: object) => {
            const r = new aws.cloudwatch.EventRule(
                `${name}-${rule}`,
                { name: findingsRuleName(rule, ctx), description, eventPattern: JSON.stringify(pattern), state: "ENABLED" },
                { parent: this },
            );
            // SNS targets need no role: EventBridge publishes as events.amazonaws.com, which the topic policy admits by rule ARN.
            new aws.cloudwatch.EventTarget(
                `${name}-${rule}-to-alarm-topic`,
                { rule: r.name, arn: args.alarmTopicArn, targetId: "alarm-topic" },
                { parent: r, dependsOn: args.dependsOn },
            );
            // The marker is a second target of the same event: the alarm never waits for it or depends on it.
            new aws.cloudwatch.EventTarget(
                `${name}-${rule}-to-marker`,
                { rule: r.name, arn: this.marker.arn, roleArn: startRole.role.arn, targetId: "mark-notified" },
                { parent: r, dependsOn: [startRole.policy] },
            );
            return r;
        };
        this.rules = {
            "securityhub-findings": route(
                "securityhub-findings",
                "New, active HIGH or CRITICAL Security Hub and GuardDuty findings of this region to the alarm topic, once",
                // An account's own routing forwards its own findings only; the organization's, every account's.
                args.findingsOf === "every region"
                    ? securityHubFindingsPattern("every region")
                    : securityHubFindingsPattern(args.region, args.accountId),
            ),
        };
        this.registerOutputs({});
    }
}
