/**
 * What a deployed baseline promises, per region, derived from the project's own facts:
 * the regions and partners (lib/src/environment.ts, layers.ts), the physical names
 * (lib/src/naming.ts), the GuardDuty protection plans and Security Hub standards the
 * security layer sets (stacks/security/src), so the check cannot drift from the code.
 */
import * as path from "path";
import { DeployRegion, DeploymentMode, HOME_REGION, NAME_PREFIX, REGIONS, Region, names, partnerRegionsOf } from "@baseline/lib";

const SECURITY_SRC = path.resolve(__dirname, "../../../stacks/security/src");

/* eslint-disable @typescript-eslint/no-require-imports -- stack sources are outside this project's rootDir */
function securityFacts() {
    const { GUARDDUTY_FEATURES } = require(path.join(SECURITY_SRC, "guardDuty.ts")) as {
        GUARDDUTY_FEATURES: Record<string, { status: "ENABLED" | "DISABLED" }>;
    };
    const { STANDARDS } = require(path.join(SECURITY_SRC, "securityHub.ts")) as {
        STANDARDS: Record<string, { title: string; arn: (r: Region) => string }>;
    };
    const { findingsRuleName } = require(path.join(SECURITY_SRC, "topicPublishers.ts")) as {
        findingsRuleName: (rule: "securityhub-findings") => string;
    };
    return { GUARDDUTY_FEATURES, STANDARDS, findingsRule: findingsRuleName("securityhub-findings") };
}
/* eslint-enable @typescript-eslint/no-require-imports */

export interface RegionExpectations {
    readonly region: DeployRegion;
    /** production: compliance-mode locks; rehearsal: governance-mode locks, which a sandbox can remove. */
    readonly deploymentMode: DeploymentMode;
    /** Buckets under S3 Object Lock (the CloudTrail bucket in the home region). */
    readonly objectLockedBuckets: readonly string[];
    /** A baseline region (security, network, data, api); otherwise a recovery-only region. */
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

/** The regions to check: the baseline regions asked for and the partner regions that hold their copies. */
export function expectationsFor(
    regions: readonly Region[],
    accountId: string,
    deploymentMode: DeploymentMode = "production",
): RegionExpectations[] {
    const { GUARDDUTY_FEATURES, STANDARDS, findingsRule } = securityFacts();
    const partners = new Set<DeployRegion>(partnerRegionsOf(regions));
    const all = [...new Set<DeployRegion>([...regions, ...partners])];
    return all.map((region) => {
        const baseline = (REGIONS as readonly string[]).includes(region) && regions.includes(region as Region);
        const lockedVaults = [...(baseline ? [names.backupVault] : []), ...(partners.has(region) ? [names.recoveryVault] : [])];
        if (!baseline) return { region, baseline, deploymentMode, objectLockedBuckets: [], lockedVaults };
        const r = region as Region;
        return {
            region,
            baseline,
            deploymentMode,
            objectLockedBuckets: r === HOME_REGION ? [names.cloudTrailBucket(accountId)] : [],
            ...(r === HOME_REGION ? { trailName: names.cloudTrail } : {}),
            recorderName: `${NAME_PREFIX}-recorder`,
            deliveryChannelName: `${NAME_PREFIX}-delivery`,
            guardDutyFeatures: Object.fromEntries(Object.entries(GUARDDUTY_FEATURES).map(([k, v]) => [k, v.status])),
            standards: Object.values(STANDARDS).map((s) => ({ title: s.title, arn: s.arn(r) })),
            alarmTopicArn: names.alarmTopicArn(r, accountId),
            findingsRule,
            findingsMarkerArn: `arn:aws:states:${r}:${accountId}:stateMachine:${names.findingsMarker}`,
            backupJobsRule: names.backupJobsRule,
            replicatedBucket: names.dataBucket(accountId, r),
            lockedVaults,
            apiName: `${NAME_PREFIX}-api`,
        };
    });
}
