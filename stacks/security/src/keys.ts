import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "@baseline/lib";
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
        const key = (purpose: keyof typeof names.keyAlias, description: string, policy: object) => {
            const k = new aws.kms.Key(
                `${name}-${purpose}`,
                {
                    description,
                    enableKeyRotation: true,
                    deletionWindowInDays: 30,
                    keyUsage: "ENCRYPT_DECRYPT",
                    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                    policy: JSON.stringify(policy),
                },
                { parent: this, protect: true },
            );
            new aws.kms.Alias(`${name}-${purpose}-alias`, { name: names.keyAlias[purpose], targetKeyId: k.keyId }, { parent: k });
            return k;
        };
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
