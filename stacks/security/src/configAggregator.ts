import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_PREFIX, REGIONS } from "@baseline/lib";

export interface ConfigAggregatorArgs {
    readonly accountId: string;
}

/**
 * The AWS Config aggregator of the home region over the baseline's regions: one view of every
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
                accountAggregationSource: { accountIds: [args.accountId], regions: [...REGIONS] },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
