/**
 * What a deployed baseline promises, per region, derived from the project's own facts:
 * the regions and partners (lib/src/environment.ts, layers.ts), the physical names
 * (lib/src/naming.ts), the GuardDuty protection plans and Security Hub standards the
 * security layer sets (stacks/security/src), so the check cannot drift from the code.
 */
import * as path from "path";
import {
    AccountEntry,
    DeployRegion,
    DeploymentMode,
    HOME_REGION,
    NAME_PREFIX,
    REGIONS,
    Region,
    accountRoutingNames,
    findingsRuleName,
    isRegion,
    markerArn,
    names,
    organizationTrailBucketName,
    partnerRegionsOf,
} from "@baseline/lib";

const SECURITY_SRC = path.resolve(__dirname, "../../../stacks/security/src");

/* eslint-disable @typescript-eslint/no-require-imports -- stack sources are outside this project's rootDir */
function securityFacts() {
    const { GUARDDUTY_FEATURES } = require(path.join(SECURITY_SRC, "guardDuty.ts")) as {
        GUARDDUTY_FEATURES: Record<string, { status: "ENABLED" | "DISABLED" }>;
    };
    const { STANDARDS } = require(path.join(SECURITY_SRC, "securityHub.ts")) as {
        STANDARDS: Record<string, { title: string; arn: (r: Region) => string }>;
    };
    return { GUARDDUTY_FEATURES, STANDARDS };
}
/* eslint-enable @typescript-eslint/no-require-imports */

export interface RegionExpectations {
    readonly region: DeployRegion;
    /** production: compliance-mode locks; rehearsal: governance-mode locks, which a sandbox can remove. */
    readonly deploymentMode: DeploymentMode;
    /** Buckets under S3 Object Lock (the CloudTrail bucket in the home region). */
    readonly objectLockedBuckets: readonly string[];
    /**
     * A baseline region asked for (security, network, data, api); otherwise a partner region: its copy vault,
     * and, in a recovery-only region, the security layer's detection (recorder, GuardDuty, Security Hub,
     * alarm topic, findings rule), none of the network's checks.
     */
    readonly baseline: boolean;
    /** The multi-region trail lives in the home region. */
    readonly trailName?: string;
    readonly recorderName?: string;
    readonly deliveryChannelName?: string;
    readonly guardDutyFeatures?: Readonly<Record<string, "ENABLED" | "DISABLED">>;
    readonly standards?: readonly { title: string; arn: string }[];
    readonly alarmTopicArn?: string;
    /** The EventBridge rule that sends HIGH and CRITICAL findings to the alarm topic, and to the marker that makes it once. */
    readonly findingsRule?: string;
    readonly findingsMarkerArn?: string;
    /** The data layer's EventBridge rule for failed AWS Backup and copy jobs. */
    readonly backupJobsRule?: string;
    /** The data bucket that replicates to the partner region, with S3 Replication Time Control. */
    readonly replicatedBucket?: string;
    /** Backup vaults under Vault Lock in this region. */
    readonly lockedVaults: readonly string[];
    readonly apiName?: string;
}

/**
 * The regions to check: the baseline regions asked for and the partner regions that hold their copies.
 *
 * `account`: organization mode's entry of the account checked (topology.yaml `accounts`). Its stacks
 * differ from a single account's (lib/src/layers.ts): no trail of its own (the organization trail records
 * it; its locked bucket is the log-archive account's); and the management, log-archive and security-tooling
 * accounts run global-iam and security only, so nothing of the data and api layers is expected there, and
 * the security-tooling account's own findings routing has its names (`accountRoutingNames`).
 */
export function expectationsFor(
    regions: readonly Region[],
    accountId: string,
    deploymentMode: DeploymentMode = "production",
    account?: AccountEntry,
): RegionExpectations[] {
    const { GUARDDUTY_FEATURES, STANDARDS } = securityFacts();
    const workloads = !account || account.kind === "workload";
    const routing = accountRoutingNames(account);
    // The partner regions hold the workload accounts' copies; the organization's own accounts keep none there.
    const partnerRegions = partnerRegionsOf(regions);
    const partners = new Set<DeployRegion>(workloads ? partnerRegions : []);
    // A recovery-only region among the partners runs the security layer's detection (LayerSpec `everywhere`),
    // in every account that has a stack there: the organization's own accounts included, without copies.
    const recoveryOnly: DeployRegion[] = partnerRegions.filter((r) => !isRegion(r));
    const all = [...new Set<DeployRegion>([...regions, ...partners, ...recoveryOnly])];
    const detection = (r: DeployRegion) => ({
        recorderName: `${NAME_PREFIX}-recorder`,
        deliveryChannelName: `${NAME_PREFIX}-delivery`,
        guardDutyFeatures: Object.fromEntries(Object.entries(GUARDDUTY_FEATURES).map(([k, v]) => [k, v.status])),
        standards: Object.values(STANDARDS).map((s) => ({ title: s.title, arn: s.arn(r as Region) })),
        alarmTopicArn: names.alarmTopicArn(r, accountId),
        findingsRule: findingsRuleName("securityhub-findings", routing),
        findingsMarkerArn: markerArn({ accountId, region: r, ...routing }),
    });
    const lockedBuckets = (r: Region): string[] =>
        r !== HOME_REGION
            ? []
            : !account
              ? [names.cloudTrailBucket(accountId)]
              : account.kind === "log-archive"
                ? [organizationTrailBucketName(accountId)]
                : [];
    return all.map((region) => {
        const baseline = (REGIONS as readonly string[]).includes(region) && regions.includes(region as Region);
        const lockedVaults = workloads
            ? [...(baseline ? [names.backupVault] : []), ...(partners.has(region) ? [names.recoveryVault] : [])]
            : [];
        if (!baseline) {
            // A partner region: the copies kept there; a recovery-only one also runs the security layer's detection.
            const detects = recoveryOnly.includes(region);
            return {
                region,
                baseline,
                deploymentMode,
                objectLockedBuckets: [],
                lockedVaults,
                ...(detects ? detection(region) : {}),
            };
        }
        const r = region as Region;
        return {
            region,
            baseline,
            deploymentMode,
            objectLockedBuckets: lockedBuckets(r),
            ...(r === HOME_REGION && !account ? { trailName: names.cloudTrail } : {}),
            ...detection(r),
            ...(workloads
                ? {
                      backupJobsRule: names.backupJobsRule,
                      replicatedBucket: names.dataBucket(accountId, r),
                      apiName: `${NAME_PREFIX}-api`,
                  }
                : {}),
            lockedVaults,
        };
    });
}
