import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { everyRegionOf, HOME_REGION, DeployRegion } from "@baseline/lib";
import { GUARDDUTY_FEATURES } from "./guardDuty";

/**
 * The Security Hub standards the baseline subscribes to. ARNs as the provider documents them for
 * `aws.securityhub.StandardsSubscription` (and DescribeStandards returns): both regional,
 * `arn:aws:securityhub:<region>::standards/...` (only CIS v1.2.0 has the region-less `ruleset/` form).
 */
export const STANDARDS = {
    fsbp: {
        title: "AWS Foundational Security Best Practices v1.0.0",
        arn: (region: DeployRegion) =>
            `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
    },
    cis: {
        title: "CIS AWS Foundations Benchmark v3.0.0",
        arn: (region: DeployRegion) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
    },
} as const;
export type StandardKey = keyof typeof STANDARDS;

export interface DisabledControl {
    readonly control: string;
    /** The control's title, for the controls table (controls disabled everywhere have no other row). */
    readonly title?: string;
    /** The standards that contain the control (a control association for another standard is refused). */
    readonly standards: readonly StandardKey[];
    /** `outside-home`: global-resource controls, evaluated once in the home region. */
    readonly where: "everywhere" | "outside-home";
    /** Becomes the association's `updatedReason`, shown in Security Hub. */
    readonly reason: string;
}

const GLOBAL_REASON =
    `Global resource: evaluated once, in the home region ${HOME_REGION} (Security Hub user guide, ` +
    `"Controls that you might want to disable": global resources are recorded only in one region).`;
const global = (control: string, standards: readonly StandardKey[]): DisabledControl => ({
    control,
    standards,
    where: "outside-home",
    reason: GLOBAL_REASON,
});
const NO_EC2 =
    "The baseline runs no EC2 instances, ECR images or Systems Manager managed nodes: nothing in its VPCs " +
    "calls these APIs, and each interface endpoint would cost per AZ-hour in every region.";

/** Titles as the Security Hub user guide's GuardDuty controls page prints them. */
const GUARDDUTY_CONTROL_TITLES: Readonly<Record<string, string>> = {
    "GuardDuty.5": "GuardDuty EKS Audit Log Monitoring should be enabled",
    "GuardDuty.7": "GuardDuty EKS Runtime Monitoring should be enabled",
    "GuardDuty.11": "GuardDuty Runtime Monitoring should be enabled",
    "GuardDuty.12": "GuardDuty ECS Runtime Monitoring should be enabled",
    "GuardDuty.13": "GuardDuty EC2 Runtime Monitoring should be enabled",
};

/**
 * Controls disabled on purpose, each with its reason; every other control of both standards stays
 * enabled. The controls table (docs/controls.md) lists them as out of scope with the same reason.
 */
export const DISABLED_CONTROLS: readonly DisabledControl[] = [
    global("Account.1", ["fsbp", "cis"]),
    ...["IAM.1", "IAM.7", "IAM.8", "IAM.21", "KMS.1", "KMS.2"].map((c) => global(c, ["fsbp"])),
    ...["IAM.2", "IAM.3", "IAM.4", "IAM.5", "IAM.6"].map((c) => global(c, ["fsbp", "cis"])),
    ...["IAM.9", "IAM.15", "IAM.16", "IAM.18", "IAM.22", "IAM.26", "IAM.27"].map((c) => global(c, ["cis"])),
    ...["EC2.10", "EC2.55", "EC2.56", "EC2.57", "EC2.58", "EC2.60"].map((control): DisabledControl => ({
        control,
        title: "Interface VPC endpoint for an EC2, ECR or Systems Manager API",
        standards: ["fsbp"],
        where: "everywhere",
        reason: NO_EC2,
    })),
    // GuardDuty protection plans the baseline turns off (guardDuty.ts), each with the same reason.
    ...Object.values(GUARDDUTY_FEATURES)
        .filter((f) => f.status === "DISABLED")
        .flatMap((f) =>
            f.controls.map((control): DisabledControl => ({
                control,
                title: GUARDDUTY_CONTROL_TITLES[control],
                standards: ["fsbp"],
                where: "everywhere",
                reason: f.why,
            })),
        ),
    {
        control: "S3.20",
        title: "MFA delete on buckets",
        standards: ["cis"],
        where: "everywhere",
        reason:
            "MFA delete can be enabled only by the root user and cannot be combined with lifecycle rules, " +
            "which every baseline bucket has (S3.13); versioning and Pulumi protect guard against deletion.",
    },
];

export const disabledControlsFor = (region: DeployRegion): DisabledControl[] =>
    DISABLED_CONTROLS.filter((d) => d.where === "everywhere" || region !== HOME_REGION);

export interface SecurityHubArgs {
    readonly region: DeployRegion;
}

/**
 * Security Hub in this region: the account resource (default standards off, consolidated control
 * findings), FSBP v1.0.0 and CIS v3.0.0, the controls that do not apply disabled with their reason,
 * and in the home region the finding aggregator over the other regions.
 *
 * The account resource is a per-region singleton: where Security Hub is already enabled, import it
 * instead of creating it (docs/deploying.md, "A fresh account, step by step").
 */
export class SecurityHub extends pulumi.ComponentResource {
    readonly account: aws.securityhub.Account;
    readonly subscriptions: Record<StandardKey, aws.securityhub.StandardsSubscription>;

    constructor(name: string, args: SecurityHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:SecurityHub", name, {}, opts);
        this.account = new aws.securityhub.Account(
            `${name}-account`,
            // Standards are subscribed explicitly below, never by the console's defaults.
            { enableDefaultStandards: false, controlFindingGenerator: "SECURITY_CONTROL", autoEnableControls: true },
            { parent: this },
        );
        const subscribe = (key: StandardKey) =>
            new aws.securityhub.StandardsSubscription(
                `${name}-${key}`,
                { standardsArn: STANDARDS[key].arn(args.region) },
                { parent: this, dependsOn: [this.account] },
            );
        this.subscriptions = { fsbp: subscribe("fsbp"), cis: subscribe("cis") };
        for (const d of disabledControlsFor(args.region)) {
            for (const standard of d.standards) {
                new aws.securityhub.StandardsControlAssociation(
                    `${name}-${standard}-${d.control.toLowerCase().replace(".", "-")}-disabled`,
                    {
                        standardsArn: this.subscriptions[standard].standardsArn,
                        securityControlId: d.control,
                        associationStatus: "DISABLED",
                        updatedReason: d.reason,
                    },
                    { parent: this.subscriptions[standard] },
                );
            }
        }
        if (args.region === HOME_REGION) {
            // One aggregator per account, in the home region; linked regions send it their findings.
            new aws.securityhub.FindingAggregator(
                `${name}-aggregator`,
                // Recovery-only regions (eu-west-1) too: Security Hub runs there as well.
                { linkingMode: "SPECIFIED_REGIONS", specifiedRegions: everyRegionOf().filter((r) => r !== HOME_REGION) },
                { parent: this, dependsOn: [this.account] },
            );
        }
        this.registerOutputs({});
    }
}
