import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { everyRegionOf, NAME_PREFIX } from "@baseline/lib";

export interface ConfigAggregatorArgs {
    readonly accountId: string;
}

/**
 * The AWS Config aggregator of the home region over every region the baseline deploys to: one view of every
 * region's configuration and compliance. Its own account needs no aggregation authorization.
 */
export class ConfigAggregator extends pulumi.ComponentResource {
    readonly aggregator: aws.cfg.ConfigurationAggregator;

    constructor(name: string, args: ConfigAggregatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:ConfigAggregator", name, {}, opts);
        this.aggregator = new aws.cfg.ConfigurationAggregator(
            name,
            {
                name: `${NAME_PREFIX}-regions`,
                // Every region the baseline deploys to, recovery-only regions included: they hold replicas,
                // locked copy vaults and keys, and record their configuration like the others.
                accountAggregationSource: { accountIds: [args.accountId], regions: everyRegionOf() },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
