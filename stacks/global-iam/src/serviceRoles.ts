import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, RunbookId } from "@baseline/lib";
import {
    IamContext,
    ROLE_NAMES,
    rolePathOf,
    apiGatewayCloudWatchPolicy,
    apiLambdaPolicy,
    cloudTrailLogsPolicy,
    configRemediationPolicy,
    flowLogsPolicy,
    rdsMonitoringPolicy,
    trust,
} from "./policies";

export interface ServiceRolesArgs {
    readonly accountId: string;
    /** The runbooks the security layer wires; the remediation role may perform exactly their actions. */
    readonly remediationRunbooks: readonly RunbookId[];
    /**
     * Whether the account runs the baseline's workloads (the network, data and api layers). The
     * organization's own accounts (management, log-archive, security-tooling) run global-iam and
     * security only: they get no role that only those layers use (RDS monitoring, API Gateway
     * logging, the API's Lambda), so no principal there holds permissions nothing needs (nor, with
     * `accountTrail` false, the trail's logs role).
     */
    readonly workloads: boolean;
    /**
     * Whether the account keeps a trail of its own, whose CloudWatch Logs delivery needs a role: not in
     * organization mode, where the organization trail records every account and the security layer refuses one.
     */
    readonly accountTrail: boolean;
}

/** Every role an AWS service assumes on the baseline's behalf, each trusting one service principal. */
export class ServiceRoles extends pulumi.ComponentResource {
    readonly flowLogs: aws.iam.Role;
    readonly configRemediation: aws.iam.Role;
    /** Undefined without a trail of the account's own (`accountTrail: false`). */
    readonly cloudTrailLogs?: aws.iam.Role;
    /** The workload layers' roles; undefined in an account without workloads (`workloads: false`). */
    readonly rdsMonitoring?: aws.iam.Role;
    readonly apiGatewayCloudWatch?: aws.iam.Role;
    readonly apiLambda?: aws.iam.Role;
    /** AWSServiceRoleForConfig, created once per account and used by every region's recorder (Config.1). */
    readonly configServiceLinkedRole: aws.iam.ServiceLinkedRole;

    constructor(name: string, args: ServiceRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:global-iam:ServiceRoles", name, {}, opts);
        const ctx: IamContext = { accountId: args.accountId };
        const role = (key: keyof typeof ROLE_NAMES, description: string, trustPolicy: PolicyDocument, policy: PolicyDocument) => {
            const r = new aws.iam.Role(
                `${name}-${ROLE_NAMES[key]}`,
                {
                    name: ROLE_NAMES[key],
                    path: rolePathOf(key),
                    description,
                    assumeRolePolicy: JSON.stringify(trustPolicy),
                    maxSessionDuration: 3600,
                },
                { parent: this },
            );
            new aws.iam.RolePolicy(
                `${name}-${ROLE_NAMES[key]}-policy`,
                { name: ROLE_NAMES[key], role: r.name, policy: JSON.stringify(policy) },
                { parent: r },
            );
            return r;
        };
        this.flowLogs = role(
            "flowLogs",
            "VPC Flow Logs delivery to the flow-log log groups",
            trust.flowLogs(ctx),
            flowLogsPolicy(ctx),
        );
        this.configRemediation = role(
            "configRemediation",
            "AWS Config automatic remediation through AWS-owned SSM Automation runbooks",
            trust.configRemediation(ctx),
            configRemediationPolicy(ctx, args.remediationRunbooks),
        );
        if (args.accountTrail) {
            this.cloudTrailLogs = role(
                "cloudTrailLogs",
                "CloudTrail delivery to its CloudWatch Logs log group",
                trust.cloudTrailLogs(ctx),
                cloudTrailLogsPolicy(ctx),
            );
        }
        if (args.workloads) {
            this.rdsMonitoring = role(
                "rdsMonitoring",
                "RDS enhanced monitoring",
                trust.rdsMonitoring(ctx),
                rdsMonitoringPolicy(ctx),
            );
            this.apiGatewayCloudWatch = role(
                "apiGatewayCloudWatch",
                "API Gateway account-level CloudWatch logging",
                trust.apiGatewayCloudWatch(ctx),
                apiGatewayCloudWatchPolicy(ctx),
            );
            this.apiLambda = role(
                "apiLambda",
                "Execution role of the API's Lambda function",
                trust.apiLambda(ctx),
                apiLambdaPolicy(ctx),
            );
        }
        this.configServiceLinkedRole = new aws.iam.ServiceLinkedRole(
            `${name}-config-slr`,
            { awsServiceName: "config.amazonaws.com", description: "AWS Config recorder role for every baseline region" },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
