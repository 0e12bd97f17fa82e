/**
 * The behaviour of every policy when the inputs it judges are unknown at preview
 * is the one it declares (`onUnknown`): `defer` gives only advisory "can't run
 * during preview" findings, `fail` a violation at the policy's own level naming
 * the unknown input. Every input of every resource is made unknown, including
 * resources of the types the baseline does not use.
 */
import { evaluatePlans, UNKNOWN_SENTINEL } from "../src/offline";
import { POLICIES } from "../src/pack";
import { compliantResources, planOf, Res } from "./fixtures";

/** Inputs the policies read on the judged types the fixture does not contain. */
const EXTRA_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/user:User": ["name"],
    "aws:rds/snapshot:Snapshot": ["sharedAccounts"],
    "aws:rds/cluster:Cluster": ["storageEncrypted", "deletionProtection", "backupRetentionPeriod", "tags"],
    "aws:lambda/functionUrl:FunctionUrl": ["authorizationType"],
    "aws:s3/bucketVersioning:BucketVersioning": ["bucket", "versioningConfiguration"],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": ["bucket", "rules"],
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": ["bucket", "objectLockEnabled", "rule"],
    "aws:rds/eventSubscription:EventSubscription": ["enabled", "snsTopic", "sourceType"],
    "aws:rds/parameterGroup:ParameterGroup": ["family", "parameters"],
    "aws:rds/subnetGroup:SubnetGroup": ["subnetIds"],
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": ["awsServiceName"],
    "aws:backup/plan:Plan": ["rules"],
    "aws:apigateway/deployment:Deployment": ["restApi", "stageName"],
    "aws:cloudwatch/logMetricFilter:LogMetricFilter": ["logGroupName", "metricTransformation", "pattern"],
    "aws:ec2/route:Route": ["routeTableId", "destinationCidrBlock", "gatewayId"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["policy", "serviceName"],
    "aws:cloudwatch/eventRule:EventRule": ["name", "state", "eventPattern"],
    "aws:cfg/rule:Rule": ["name", "source"],
    "aws:cfg/remediationConfiguration:RemediationConfiguration": ["automatic", "configRuleName"],
    "aws:ssm/parameter:Parameter": ["name", "type", "value"],
};

/** Inputs the fixture leaves unset that policies read on its resources (and `region`, which every resource may set). */
const ADDED_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "default-sg": ["ingress", "egress"],
    dlq: ["policy"],
    "db-secret": ["policy"],
    data: ["forceDestroy"],
};

const unknownAll = (name: string, inputs: Record<string, unknown>) =>
    Object.fromEntries([...Object.keys(inputs), ...(ADDED_INPUTS[name] ?? []), "region"].map((k) => [k, UNKNOWN_SENTINEL]));

function unknownStack(project = "baseline-test"): ReturnType<typeof planOf> {
    const base = compliantResources().map((r) =>
        r.type.startsWith("pulumi:") ? r : { ...r, inputs: unknownAll(r.name, r.inputs) },
    );
    const extra: Res[] = Object.entries(EXTRA_INPUTS).map(([type, keys], i) => ({
        type,
        name: `extra-${i}`,
        inputs: Object.fromEntries([...keys, "tags", "region"].map((k) => [k, UNKNOWN_SENTINEL])),
    }));
    return planOf([...base, ...extra], { project });
}

/** Policies that read no input of a resource: nothing can be unknown to them. */
const READS_NO_INPUTS = ["pack-unjudged-resource-types", "iam-no-users-or-access-keys"];

describe.each(POLICIES.filter((p) => !READS_NO_INPUTS.includes(p.name)).map((p) => [p.name, p] as const))(
    "%s",
    (_name, policy) => {
        it(`behaves as declared (onUnknown: ${policy.onUnknown}) when its inputs are unknown at preview`, () => {
            const project = ["detection-layer-complete", "config-rules-and-remediations-kept"].includes(policy.name)
                ? "baseline-security"
                : "baseline-test";
            const report = evaluatePlans([unknownStack(project)], undefined, { policies: [policy] });
            const mine = report.violations.filter((v) => v.policyName === policy.name);
            expect(mine.length).toBeGreaterThan(0);
            if (policy.onUnknown === "defer") {
                for (const v of mine)
                    expect([v.enforcementLevel, v.message]).toEqual([
                        "advisory",
                        expect.stringMatching(/^can't run policy '.*' during preview: .* is unknown$/),
                    ]);
            } else {
                expect(
                    mine.some(
                        (v) =>
                            v.enforcementLevel === policy.enforcementLevel && /is unknown at preview, and policy/.test(v.message),
                    ),
                ).toBe(true);
                for (const v of mine) expect(v.message).not.toMatch(/^can't run policy/);
            }
        });
    },
);
