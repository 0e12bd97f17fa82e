import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_PREFIX } from "@baseline/lib";

export interface RdsEventSpec {
    readonly sourceType: string;
    readonly eventCategories: readonly string[];
    readonly control: string;
}

/**
 * RDS event subscriptions of this region, without source ids so that they cover every instance,
 * parameter group and security group of the account in the region. Categories are those the Security
 * Hub controls require: RDS.20 (instances: maintenance, configuration change, failure), RDS.21
 * (parameter groups: configuration change), RDS.22 (security groups: configuration change, failure).
 */
export const RDS_EVENT_SUBSCRIPTIONS: Readonly<Record<string, RdsEventSpec>> = {
    "db-instance": {
        sourceType: "db-instance",
        eventCategories: ["maintenance", "configuration change", "failure"],
        control: "RDS.20",
    },
    "db-parameter-group": { sourceType: "db-parameter-group", eventCategories: ["configuration change"], control: "RDS.21" },
    "db-security-group": {
        sourceType: "db-security-group",
        eventCategories: ["configuration change", "failure"],
        control: "RDS.22",
    },
};

export interface RdsEventsArgs {
    readonly alarmTopicArn: pulumi.Input<string>;
    /** The topic policy and key policy that let events.rds.amazonaws.com publish. */
    readonly dependsOn: pulumi.Resource[];
}

/** RDS events (RDS.20-22) to the encrypted alarm topic. */
export class RdsEvents extends pulumi.ComponentResource {
    constructor(name: string, args: RdsEventsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:RdsEvents", name, {}, opts);
        for (const [key, spec] of Object.entries(RDS_EVENT_SUBSCRIPTIONS)) {
            new aws.rds.EventSubscription(
                `${name}-${key}`,
                {
                    name: `${NAME_PREFIX}-${key}-events`,
                    snsTopic: args.alarmTopicArn,
                    sourceType: spec.sourceType,
                    eventCategories: [...spec.eventCategories],
                    enabled: true,
                },
                { parent: this, dependsOn: args.dependsOn },
            );
        }
        this.registerOutputs({});
    }
}
