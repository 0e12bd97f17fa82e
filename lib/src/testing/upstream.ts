/**
 * Contract outputs of upstream layers for tests that run one layer alone.
 * Values are shaped like AWS's (ids, ARNs in the right region and account) and
 * typed by the contract, so a contract change breaks the fixture at compile time.
 */
import { LayerContracts } from "../contracts";
import {
    ACCOUNTS,
    accountByKind,
    DeployRegion,
    HOME_REGION,
    NAME_PREFIX,
    ORGANIZATION_MODE,
    REGIONS,
    Region,
    isRegion,
    partnerOf,
    sourcesOf,
} from "../environment";
import { LayerName, upstreamInstance, upstreamLayersOf } from "../layers";
import { organizationTrailArn } from "../organizationTrail";
import { DEFAULT_ACCOUNT_ID, DEFAULT_ORGANIZATION } from "./runtime";

export function contractFixture<L extends LayerName>(
    layer: L,
    region: DeployRegion,
    accountId: string = DEFAULT_ACCOUNT_ID,
): LayerContracts[L] {
    const acct = accountId;
    const role = (n: string) => `arn:aws:iam::${acct}:role/${NAME_PREFIX}/${n}`;
    // A UUID (8-4-4-4-12 hex), distinct per region.
    const key = (n: number) =>
        `${n}${n}${n}${n}${n}${n}${n}${n}-aaaa-4bbb-accc-${String(region.length).padStart(2, "0")}000000000${n}`;
    // 17 hex digits, like AWS; one per baseline region (a, b, c, ... in topology order), "c" for any other.
    const vpc = `vpc-0${"abcdef"[REGIONS.indexOf(region)] ?? "c"}1234567890abcde`;
    const fixtures: LayerContracts = {
        organization: {
            organizationId: "o-a1b2c3d4e5",
            organizationArn: `arn:aws:organizations::${acct}:organization/o-a1b2c3d4e5`,
            rootId: "r-a1b2",
            ouIds: { security: "ou-a1b2-securit1", workloads: "ou-a1b2-workload" },
            accountIds: Object.fromEntries(ACCOUNTS.length > 0 ? ACCOUNTS.map((a) => [a.name, a.id]) : [["management", acct]]),
            guardrailPolicyIds: { [`${NAME_PREFIX}-deny-outside-regions`]: "p-a1b2c3d4e5" },
        },
        "log-archive": {
            trailBucketName: `${NAME_PREFIX}-org-trail-${acct}`,
            trailBucketArn: `arn:aws:s3:::${NAME_PREFIX}-org-trail-${acct}`,
            trailKeyArn: `arn:aws:kms:${HOME_REGION}:${acct}:key/${key(7)}`,
        },
        "security-tooling": {
            region,
            delegatedAdminAccountId: acct,
            // The management account's trail, whichever account created it (organizationTrail.ts).
            organizationTrailArn:
                region === HOME_REGION ? organizationTrailArn(ORGANIZATION_MODE ? accountByKind("management").id : acct) : "",
            findingAggregatorArn:
                region === HOME_REGION
                    ? `arn:aws:securityhub:${HOME_REGION}:${acct}:finding-aggregator/a1b2c3d4-0000-4000-8000-000000000001`
                    : "",
        },
        "global-iam": {
            accountId: acct,
            homeRegion: HOME_REGION,
            flowLogsRoleArn: role("vpc-flow-logs"),
            // At the root path, as global-iam makes it (its ROOT_PATH_ROLES: the runbooks refuse a role path).
            configRemediationRoleArn: `arn:aws:iam::${acct}:role/baseline-config-remediation`,
            configServiceLinkedRoleArn: `arn:aws:iam::${acct}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
            cloudTrailLogsRoleArn: role("cloudtrail-logs"),
            rdsMonitoringRoleArn: role("rds-monitoring"),
            apiGatewayCloudWatchRoleArn: role("apigateway-cloudwatch"),
            apiLambdaRoleArn: role("api-lambda"),
            adminRoleArn: role("admin"),
            auditorRoleArn: role("auditor"),
        },
        security: {
            region,
            dataKeyArn: `arn:aws:kms:${region}:${acct}:key/${key(1)}`,
            dataKeyId: key(1),
            databaseKeyArn: `arn:aws:kms:${region}:${acct}:key/${key(2)}`,
            databaseKeyId: key(2),
            logsKeyArn: `arn:aws:kms:${region}:${acct}:key/${key(3)}`,
            logsKeyId: key(3),
            alarmTopicArn: `arn:aws:sns:${region}:${acct}:${NAME_PREFIX}-alarms`,
            configRecorderName: `${NAME_PREFIX}-recorder`,
        },
        network: {
            region,
            vpcId: vpc,
            vpcCidr: "10.10.0.0/16",
            availabilityZones: [`${region}a`, `${region}b`, `${region}c`],
            publicSubnetIds: ["subnet-0a0000000000000p1", "subnet-0a0000000000000p2", "subnet-0a0000000000000p3"],
            privateSubnetIds: ["subnet-0a0000000000000a1", "subnet-0a0000000000000a2", "subnet-0a0000000000000a3"],
            isolatedSubnetIds: ["subnet-0a0000000000000i1", "subnet-0a0000000000000i2", "subnet-0a0000000000000i3"],
            appSecurityGroupId: "sg-0a00000000000app1",
            databaseSecurityGroupId: "sg-0a000000000000db1",
            endpointSecurityGroupId: "sg-0a00000000000vpe1",
            executeApiEndpointId: "vpce-0a000000000exapi",
            s3GatewayEndpointId: "vpce-0a00000000000s3g",
            interfaceEndpointIds: { logs: "vpce-0a0000000000logs", kms: "vpce-0a00000000000kms" },
            flowLogId: "fl-0a00000000000000f",
            flowLogGroupName: `/${NAME_PREFIX}/vpc-flow-logs/${region}`,
        },
        data: {
            region,
            dataBucketName: `${NAME_PREFIX}-data-${acct}-${region}`,
            dataBucketArn: `arn:aws:s3:::${NAME_PREFIX}-data-${acct}-${region}`,
            accessLogBucketName: `${NAME_PREFIX}-access-logs-${acct}-${region}`,
            accessLogBucketArn: `arn:aws:s3:::${NAME_PREFIX}-access-logs-${acct}-${region}`,
            dbAddress: `${NAME_PREFIX}-postgres.abcdefghijkl.${region}.rds.amazonaws.com`,
            dbPort: 5432,
            dbName: "app",
            dbResourceId: "db-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
            dbSecretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:rds!db-11111111-2222-4333-a444-555555555555-AbCdEf`,
            recoveryRegion: isRegion(region) ? partnerOf(region) : region,
            replicaBucketName: `${NAME_PREFIX}-replica-${acct}-${region}`,
            backupVaultName: `${NAME_PREFIX}-backup`,
            dbReplicatedBackupsArn: `arn:aws:rds:${isRegion(region) ? partnerOf(region) : region}:${acct}:auto-backup:ab-${region.replace(/-/g, "")}0000000000000000000`,
        },
        recovery: {
            region,
            sourceRegions: sourcesOf(region, REGIONS as readonly Region[]),
            replicaBucketNames: Object.fromEntries(
                sourcesOf(region).map((src) => [src, `${NAME_PREFIX}-replica-${acct}-${src}`]),
            ),
            replicaKeyArn: `arn:aws:kms:${region}:${acct}:key/${key(4)}`,
            vaultName: `${NAME_PREFIX}-recovery`,
            vaultArn: `arn:aws:backup:${region}:${acct}:backup-vault:${NAME_PREFIX}-recovery`,
            vaultKeyArn: `arn:aws:kms:${region}:${acct}:key/${key(5)}`,
            vaultMinRetentionDays: 7,
            vaultMaxRetentionDays: 365,
            databaseBackupKeyArn: `arn:aws:kms:${region}:${acct}:key/${key(6)}`,
        },
        api: {
            region,
            restApiId: "a1b2c3d4e5",
            stageName: "v1",
            invokeUrl: `https://a1b2c3d4e5.execute-api.${region}.amazonaws.com/v1`,
            vpcEndpointId: "vpce-0a000000000exapi",
            functionName: `${NAME_PREFIX}-api-backend`,
        },
    };
    return fixtures[layer];
}

/**
 * Upstream outputs for `runStack({ stackOutputs })`: every layer `layer`
 * depends on, keyed by its StackReference name, with per-layer overrides (use
 * them to drop a key or change a value and test the consumer's errors).
 */
export function upstreamOutputsFor(
    layer: LayerName,
    region: DeployRegion,
    overrides: Partial<{ [L in LayerName]: Partial<Record<keyof LayerContracts[L], unknown>> | null }> = {},
    opts: { organization?: string; accountId?: string; account?: string } = {},
): Record<string, Record<string, unknown>> {
    const org = opts.organization ?? DEFAULT_ORGANIZATION;
    const out: Record<string, Record<string, unknown>> = {};
    for (const dep of upstreamLayersOf(layer)) {
        // A partner edge (data reads recovery) resolves to the partner region's stack.
        const inst = upstreamInstance(dep, region, layer, opts.account);
        const override = overrides[dep];
        if (override === null) continue;
        const values: Record<string, unknown> = { ...contractFixture(dep, inst.region, opts.accountId), ...(override ?? {}) };
        for (const [k, v] of Object.entries(values)) if (v === undefined) delete values[k];
        out[`${org}/${inst.project}/${inst.stack}`] = values;
    }
    return out;
}
