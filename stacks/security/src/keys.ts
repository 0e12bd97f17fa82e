import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { customerManagedKey, names } from "@baseline/lib";
import { PolicyContext, dataKeyPolicy, databaseKeyPolicy, logsKeyPolicy } from "./policies";

export interface KeysArgs extends PolicyContext {
    /** Whether the logs key also serves the home region's CloudTrail trail. */
    readonly cloudTrail: boolean;
}

/** KMS customer-managed keys per purpose (KMS.4: rotation on), protected from accidental deletion. */
export class Keys extends pulumi.ComponentResource {
    readonly data: aws.kms.Key;
    readonly database: aws.kms.Key;
    readonly logs: aws.kms.Key;

    constructor(name: string, args: KeysArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:Keys", name, {}, opts);
        const ctx: PolicyContext = {
            accountId: args.accountId,
            region: args.region,
            keyAdministrators: args.keyAdministrators,
        };
        const key = (purpose: keyof typeof names.keyAlias, description: string, policy: object) =>
            customerManagedKey(`${name}-${purpose}`, { description, policy, alias: names.keyAlias[purpose] }, this);
        this.data = key("data", "S3 data at rest and the API dead-letter queue", dataKeyPolicy(ctx));
        this.database = key("database", "RDS storage, Performance Insights and the database secret", databaseKeyPolicy(ctx));
        this.logs = key(
            "logs",
            "CloudWatch Logs, the alarm topic, AWS Config delivery and CloudTrail",
            logsKeyPolicy(ctx, { cloudTrail: args.cloudTrail }),
        );
        this.registerOutputs({});
    }
}
