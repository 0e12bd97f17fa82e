/**
 * Physical names that two stacks would both create in one place: AWS refuses the second create (a
 * role, rule, state machine or bucket of that name already exists), which the mock runtime never
 * shows, since each stack is planned alone. The places follow each type's uniqueness: an IAM role's
 * name is unique in its account, a log group's in its account and region, a bucket's in the partition.
 */
import { PlanFile } from "@baseline/lib";

type Scope = "partition" | "account" | "region";

/**
 * Where a type's name must be unique, and the input that holds it (`""`: one per place, no name; a list:
 * the inputs that together name it, such as a role's inline policy, named within its role). Besides the
 * resources with a name of their own, the ones that configure another by its name count too: a second
 * bucket policy or lifecycle on the same bucket is accepted by AWS and silently replaces the first.
 */
const NAMED: Readonly<Record<string, { readonly key: string | readonly string[]; readonly scope: Scope }>> = {
    "aws:s3/bucket:Bucket": { key: "bucket", scope: "partition" },
    "aws:iam/role:Role": { key: "name", scope: "account" },
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": { key: "awsServiceName", scope: "account" },
    "aws:iam/accountPasswordPolicy:AccountPasswordPolicy": { key: "", scope: "account" },
    "aws:iam/organizationsFeatures:OrganizationsFeatures": { key: "", scope: "account" },
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock": { key: "", scope: "account" },
    "aws:organizations/policy:Policy": { key: "name", scope: "account" },
    "aws:ebs/encryptionByDefault:EncryptionByDefault": { key: "", scope: "region" },
    // One customer-managed recorder and one delivery channel per account and region.
    "aws:cfg/recorder:Recorder": { key: "", scope: "region" },
    "aws:cfg/deliveryChannel:DeliveryChannel": { key: "", scope: "region" },
    "aws:cfg/rule:Rule": { key: "name", scope: "region" },
    "aws:cfg/configurationAggregator:ConfigurationAggregator": { key: "name", scope: "region" },
    "aws:apigateway/account:Account": { key: "", scope: "region" },
    "aws:securityhub/account:Account": { key: "", scope: "region" },
    "aws:securityhub/configurationPolicy:ConfigurationPolicy": { key: "name", scope: "region" },
    "aws:guardduty/detector:Detector": { key: "", scope: "region" },
    "aws:accessanalyzer/analyzer:Analyzer": { key: "analyzerName", scope: "region" },
    "aws:kms/alias:Alias": { key: "name", scope: "region" },
    "aws:sns/topic:Topic": { key: "name", scope: "region" },
    "aws:sqs/queue:Queue": { key: "name", scope: "region" },
    "aws:cloudwatch/logGroup:LogGroup": { key: "name", scope: "region" },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": { key: "policyName", scope: "region" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { key: "name", scope: "region" },
    // On the default event bus, the only one the baseline uses.
    "aws:cloudwatch/eventRule:EventRule": { key: "name", scope: "region" },
    "aws:sfn/stateMachine:StateMachine": { key: "name", scope: "region" },
    "aws:lambda/function:Function": { key: "name", scope: "region" },
    "aws:cloudtrail/trail:Trail": { key: "name", scope: "region" },
    "aws:rds/eventSubscription:EventSubscription": { key: "name", scope: "region" },
    "aws:rds/parameterGroup:ParameterGroup": { key: "name", scope: "region" },
    "aws:rds/subnetGroup:SubnetGroup": { key: "name", scope: "region" },
    "aws:backup/vault:Vault": { key: "name", scope: "region" },
    "aws:backup/plan:Plan": { key: "name", scope: "region" },
    // One of each per bucket (bucket names are partition-wide).
    "aws:s3/bucketPolicy:BucketPolicy": { key: "bucket", scope: "partition" },
    "aws:s3/bucketLogging:BucketLogging": { key: "bucket", scope: "partition" },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { key: "bucket", scope: "partition" },
    "aws:s3/bucketVersioning:BucketVersioning": { key: "bucket", scope: "partition" },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        key: "bucket",
        scope: "partition",
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { key: "bucket", scope: "partition" },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { key: "bucket", scope: "partition" },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": { key: "bucket", scope: "partition" },
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": { key: "bucket", scope: "partition" },
    // One of each per account, per named thing.
    "aws:account/alternativeContact:AlternativeContact": { key: "alternateContactType", scope: "account" },
    "aws:iam/rolePolicy:RolePolicy": { key: ["role", "name"], scope: "account" },
    "aws:sns/topicPolicy:TopicPolicy": { key: "arn", scope: "partition" },
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": { key: ["logGroupName", "name"], scope: "region" },
    "aws:cloudwatch/eventTarget:EventTarget": { key: ["rule", "targetId"], scope: "region" },
    "aws:cfg/remediationConfiguration:RemediationConfiguration": { key: "configRuleName", scope: "region" },
};

export interface NameClash {
    /** `bucket "x"`, `aws:iam/role:Role "x" in account a`, ... */
    readonly what: string;
    /** `<project>/<stack>` of every stack that creates it, in plan order. */
    readonly stacks: readonly string[];
}

/**
 * Every physical name more than one stack creates in the same place. `accountOf` names a plan's
 * account (in organization mode, from its stack name). Names not yet known at plan time are skipped.
 */
export function physicalNameClashes(plans: readonly PlanFile[], accountOf: (plan: PlanFile) => string): NameClash[] {
    const owners = new Map<string, string[]>();
    for (const plan of plans) {
        for (const step of plan.steps) {
            if (step.op !== "create") continue;
            const spec = NAMED[step.newState.type];
            if (!spec) continue;
            const keys = typeof spec.key === "string" ? (spec.key === "" ? [] : [spec.key]) : spec.key;
            const values = keys.map((k) => step.newState.inputs[k]);
            if (!values.every((v): v is string => typeof v === "string")) continue;
            const value = values.join("/");
            const where =
                spec.scope === "partition"
                    ? ""
                    : ` in account ${accountOf(plan)}${spec.scope === "region" ? ` and region ${plan.region}` : ""}`;
            const what = `${step.newState.type}${value === "" ? "" : ` ${JSON.stringify(value)}`}${where}`;
            const stack = `${plan.project}/${plan.stack}`;
            owners.set(what, [...(owners.get(what) ?? []), stack]);
        }
    }
    return [...owners.entries()].filter(([, stacks]) => stacks.length > 1).map(([what, stacks]) => ({ what, stacks }));
}

/** The set of resource types whose names are checked. */
export const CHECKED_TYPES: readonly string[] = Object.keys(NAMED);
