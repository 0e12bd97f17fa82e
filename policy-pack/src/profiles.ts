/**
 * The two configurations of the pack, as data. The organization guardrail is the
 * pack with no configuration (src/roles.ts); config/organization.json is an
 * example an organization starts from. The baseline conformance configuration is
 * derived here from the roster, so it cannot forget a policy: every opinion and
 * conformance policy at the level the baseline holds its own stacks to, with the
 * baseline's values. `npm run gen:pack-config` writes it to config/baseline.json;
 * test/profiles.test.ts fails when the file is stale.
 *
 * The baseline's values duplicate facts of @baseline/lib (the required tags) on
 * purpose: the published pack must not depend on an unpublished workspace
 * package; the regions come from topology.generated.ts, which `npm run stacks`
 * writes from topology.yaml. test/drift.test.ts pins them to lib.
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyPackConfig } from "@pulumi/policy";
import { PackConfig } from "./config";
import { DEPLOY_REGIONS, ORGANIZATION, Organization } from "./topology.generated";
import { BaselinePolicy } from "./policy";

/** The baseline's own values, where they differ from the guardrail's defaults. */
export const BASELINE_VALUES: Partial<PackConfig> = {
    requiredTags: { Environment: "Production" },
    // The baseline regions and the recovery-only regions of topology.yaml (npm run stacks writes them).
    allowedRegions: [...DEPLOY_REGIONS],
    requireCustomerManagedKeys: true,
    conformanceProjects: ["baseline-*"],
    // The organization layer keeps every guardrail on both organizational units (the
    // baseline's own intent in organization mode; a stack without them is not judged).
    requiredAttachments: [
        "baseline-region-deny",
        "baseline-protect-security-services",
        "baseline-protect-accounts",
        "baseline-data-perimeter",
    ].map((policy) => ({ policy, targets: ["Security", "Workloads"] })),
    exemptions: [
        {
            policy: "s3-bucket-sse-kms-cmk",
            resource: "baseline-security/*/audit-access-logs",
            reason: "S3 server access logging cannot deliver to a target bucket encrypted with SSE-KMS, so the access-log target uses SSE-S3 (AES256).",
            owner: "platform-security",
            expires: "2027-12-31",
        },
        {
            policy: "s3-bucket-sse-kms-cmk",
            resource: "baseline-recovery/*/replica-access-logs",
            reason: "S3 server access logging cannot deliver to a target bucket encrypted with SSE-KMS, so the replica buckets' access-log target uses SSE-S3 (AES256).",
            owner: "platform-security",
            expires: "2027-12-31",
        },
        {
            policy: "s3-bucket-sse-kms-cmk",
            resource: "baseline-data/*/access-logs",
            reason: "S3 server access logging cannot deliver to a target bucket encrypted with SSE-KMS, so the data layer's access-log target uses SSE-S3 (AES256).",
            owner: "platform-security",
            expires: "2027-12-31",
        },
    ],
};

/**
 * What organization mode adds to the baseline's values: the organization's accounts are its own (not
 * "another account"), the organization trail and the delegated administrator's GuardDuty and Security
 * Hub stand in for each member's (the security-tooling layer creates them), the deploy role's name is
 * topology.yaml's, and the log archive's access-log bucket is SSE-S3 for the same reason as the others.
 */
export function organizationValues(organization: Organization): Partial<PackConfig> {
    return {
        accountIds: [...organization.accountIds],
        deployRoleName: organization.deployRoleName,
        delegatedDetection: ["cloudtrail", "guardduty", "securityhub"],
        exemptions: [
            ...(BASELINE_VALUES.exemptions ?? []),
            {
                policy: "s3-bucket-sse-kms-cmk",
                resource: "baseline-log-archive/*/organization-trail-access-logs",
                reason: "S3 server access logging cannot deliver to a target bucket encrypted with SSE-KMS, so the organization trail bucket's access-log target uses SSE-S3 (AES256).",
                owner: "platform-security",
                expires: "2027-12-31",
            },
        ],
    };
}

/**
 * The `--policy-pack-config` document of the baseline conformance role; with `organization` (organization
 * mode: ORGANIZATION of topology.generated.ts, or the planner's topology) that of the organization's stacks.
 */
export function baselinePolicyPackConfig(
    policies: readonly BaselinePolicy[],
    organization: Organization | undefined = ORGANIZATION,
): PolicyPackConfig {
    const values: Partial<PackConfig> = organization
        ? { ...BASELINE_VALUES, ...organizationValues(organization) }
        : BASELINE_VALUES;
    const out: Record<string, { enforcementLevel?: BaselinePolicy["enforcementLevel"]; [k: string]: unknown }> = {};
    for (const p of policies) {
        const entry: Record<string, unknown> = {};
        if (p.conformanceLevel !== p.enforcementLevel) entry["enforcementLevel"] = p.conformanceLevel;
        for (const k of Object.keys(p.configSchema?.properties ?? {}))
            if (k in values) entry[k] = (values as Record<string, unknown>)[k];
        if (Object.keys(entry).length > 0) out[p.name] = entry as never;
    }
    return out as PolicyPackConfig;
}

export const CONFIG_DIR = path.join(__dirname, "..", "config");
export const BASELINE_CONFIG_FILE = path.join(CONFIG_DIR, "baseline.json");
export const ORGANIZATION_CONFIG_FILE = path.join(CONFIG_DIR, "organization.json");

export function readPolicyPackConfig(file: string): PolicyPackConfig {
    return JSON.parse(fs.readFileSync(file, "utf8")) as PolicyPackConfig;
}
