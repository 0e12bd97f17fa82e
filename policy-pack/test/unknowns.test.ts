/**
 * The behaviour of every policy when the inputs it judges are unknown at preview
 * is the one it declares (`onUnknown`): `defer` gives only advisory "can't run
 * during preview" findings, `fail` a violation at the policy's own level naming
 * the unknown input. Every input of every resource is made unknown, including
 * resources of the types the baseline does not use.
 */
import { evaluatePlans, UNKNOWN_SENTINEL } from "../src/offline";
import { POLICIES } from "../src/pack";
import { PolicyPackConfig } from "@pulumi/policy";
import { BaselinePolicy } from "../src/policy";
import { ACCOUNT, compliantResources, planOf, REQUIRED_ATTACHMENTS, Res, underBaseline } from "./fixtures";

/**
 * Policies that judge nothing until an organization declares its intent: given the
 * fixture's declared intent, so that the unknowns meet a policy that does judge.
 */
const DECLARED_INTENT: Readonly<Record<string, Record<string, unknown>>> = {
    "org-required-policy-attachments": { requiredAttachments: REQUIRED_ATTACHMENTS },
    // Judges keys only against the accounts an organization declares.
    "s3-bucket-key-own-account": { accountIds: [ACCOUNT] },
};

const configFor = (policy: BaselinePolicy): PolicyPackConfig =>
    underBaseline([policy], {}, DECLARED_INTENT[policy.name] ? { [policy.name]: DECLARED_INTENT[policy.name] } : {});

/** Inputs the policies read on the judged types the fixture does not contain. */
const EXTRA_INPUTS: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/user:User": ["name"],
    "aws:sfn/stateMachine:StateMachine": ["loggingConfiguration"],
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
    "aws:securityhub/automationRule:AutomationRule": ["ruleStatus", "actions"],
    "aws:efs/fileSystem:FileSystem": ["encrypted"],
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission": ["group", "imageId"],
    "aws:eks/cluster:Cluster": ["vpcConfig"],
    "aws:ecr/repositoryPolicy:RepositoryPolicy": ["policy", "repository"],
    "aws:redshift/cluster:Cluster": ["publiclyAccessible"],
    "aws:ec2/managedPrefixList:ManagedPrefixList": ["entries"],
    "aws:ssm/document:Document": ["permissions"],
    "aws:ec2/instance:Instance": ["metadataOptions"],
    "aws:ec2/vpcEndpointService:VpcEndpointService": ["allowedPrincipals"],
    "aws:msk/cluster:Cluster": ["encryptionInfo"],
    "aws:appconfig/environment:Environment": ["monitors"],
    "aws:autoscaling/group:Group": ["instanceRefresh"],
    "aws:cloudfront/distribution:Distribution": ["defaultCacheBehavior", "orderedCacheBehaviors"],
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
const READS_NO_INPUTS = [
    "pack-unjudged-resource-types",
    "iam-no-users-or-access-keys",
    "pack-exemptions",
    "pack-exemptions-report",
];

/**
 * Policies declared `fail` whose first read decides only whether they apply (a
 * database's tags): that read defers, so with every input unknown they defer.
 */
const APPLICABILITY_DEFERS = ["rds-production-resilience"];

describe.each(POLICIES.filter((p) => !READS_NO_INPUTS.includes(p.name)).map((p) => [p.name, p] as const))(
    "%s",
    (_name, policy) => {
        it(`behaves as declared (onUnknown: ${policy.onUnknown}) when its inputs are unknown at preview`, () => {
            const project = ["detection-layer-complete", "config-rules-and-remediations-kept"].includes(policy.name)
                ? "baseline-security"
                : "baseline-test";
            const report = evaluatePlans([unknownStack(project)], undefined, {
                policies: [policy],
                policyPackConfig: configFor(policy),
            });
            const mine = report.violations.filter((v) => v.policyName === policy.name);
            expect(mine.length).toBeGreaterThan(0);
            if (policy.onUnknown === "defer" || APPLICABILITY_DEFERS.includes(policy.name)) {
                for (const v of mine)
                    expect([v.enforcementLevel, v.message]).toEqual([
                        "advisory",
                        expect.stringMatching(/^can't run policy '.*' during preview: .* is unknown$/),
                    ]);
            } else {
                expect(
                    mine.some(
                        (v) =>
                            v.enforcementLevel === report.levels[policy.name] &&
                            /is unknown at preview, and policy/.test(v.message),
                    ),
                ).toBe(true);
                for (const v of mine) expect(v.message).not.toMatch(/^can't run policy/);
            }
        });
    },
);

/**
 * The compliant stack as a new stack previews it: every input that refers to
 * another resource of the stack (its id, ARN or physical name, as `bucket: bucket.id`
 * does) is unknown, and the engine records the reference as a property dependency.
 * Flags and documents stay literal.
 */
function newStack(): ReturnType<typeof planOf> {
    const plan = planOf(compliantResources());
    const byIdentity = new Map<string, string>();
    for (const s of plan.steps) {
        const out = s.newState.outputs ?? {};
        for (const v of [s.newState.id, out["id"], out["arn"], s.newState.inputs["bucket"]])
            if (typeof v === "string" && v !== "") byIdentity.set(v, s.urn);
    }
    return {
        ...plan,
        steps: plan.steps.map((s) => {
            const deps: Record<string, string[]> = {};
            const inputs = Object.fromEntries(
                Object.entries(s.newState.inputs).map(([k, v]) => {
                    const target = typeof v === "string" ? byIdentity.get(v) : undefined;
                    if (target === undefined || target === s.urn) return [k, v];
                    deps[k] = [target];
                    return [k, UNKNOWN_SENTINEL];
                }),
            );
            return { ...s, newState: { ...s.newState, inputs, propertyDependencies: deps } as typeof s.newState };
        }),
    };
}

describe.each(POLICIES.map((p) => [p.name, p] as const))("%s with ids unknown at preview", (_name, policy) => {
    it("reports no mandatory violation on the compliant stack", () => {
        const plan = newStack();
        // The fixture's references really are unknown (the test would prove nothing otherwise).
        expect(plan.steps.some((s) => Object.values(s.newState.inputs).includes(UNKNOWN_SENTINEL))).toBe(true);
        const report = evaluatePlans([plan], undefined, { policies: [policy], policyPackConfig: configFor(policy) });
        expect(report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.message)).toEqual([]);
    });
});

it("passes a public access block written as the Pulumi docs write it (bucket: bucket.id, unknown at preview)", () => {
    const bucketUrn = "urn:pulumi:dev::docs-bucket::aws:s3/bucket:Bucket::my-bucket";
    const plan = planOf(
        [
            { type: "aws:s3/bucket:Bucket", name: "my-bucket", inputs: {} },
            {
                type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                name: "pab",
                inputs: {
                    bucket: UNKNOWN_SENTINEL,
                    blockPublicAcls: true,
                    blockPublicPolicy: true,
                    ignorePublicAcls: true,
                    restrictPublicBuckets: true,
                },
                dependencies: [bucketUrn],
            },
        ],
        { project: "docs-bucket", stack: "dev" },
    );
    const pabSettings = POLICIES.find((p) => p.name === "s3-public-access-block-settings")!;
    expect(evaluatePlans([plan], undefined, { policies: [pabSettings] }).violations).toEqual([]);
    // One flag off is still a violation, naming the bucket as not known yet.
    const off = {
        ...plan,
        steps: plan.steps.map((s) =>
            s.newState.type.includes("PublicAccessBlock")
                ? { ...s, newState: { ...s.newState, inputs: { ...s.newState.inputs, blockPublicPolicy: false } } }
                : s,
        ),
    };
    expect(evaluatePlans([off], undefined, { policies: [pabSettings] }).violations.map((v) => v.message.split("\n")[0])).toEqual([
        "Bucket (known after the bucket is created) public access block does not enable blockPublicPolicy.",
    ]);
});
