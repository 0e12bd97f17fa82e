import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { everyRegionOf, HOME_REGION, DeployRegion, STANDARDS, StandardKey, disabledControlsFor } from "@baseline/lib";

// The standards and the disabled controls are data shared with the security-tooling layer's configuration policy.
export { DISABLED_CONTROLS, STANDARDS, disabledControlsFor } from "@baseline/lib";
export type { DisabledControl, StandardKey } from "@baseline/lib";

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
            // Deleting the account resource disables Security Hub, and then "existing findings and
            // insights and any Security Hub CSPM configuration settings are deleted after 90 days and
            // cannot be recovered" (Security Hub API reference, DisableSecurityHub).
            { parent: this, protect: true },
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
