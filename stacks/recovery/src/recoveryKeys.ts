import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, names } from "@baseline/lib";
import { PolicyContext, databaseBackupsKeyPolicy, replicaKeyPolicy, vaultKeyPolicy } from "./policies";

/**
 * This region's own CMKs for what it holds for other regions. The recovery
 * layer does not use the security layer's keys: a recovery-only region has no
 * security stack, and a copy must not depend on a key of the region it protects.
 */
export class RecoveryKeys extends pulumi.ComponentResource {
    readonly replica: aws.kms.Key;
    readonly vault: aws.kms.Key;
    readonly databaseBackups: aws.kms.Key;

    constructor(name: string, args: PolicyContext, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:recovery:RecoveryKeys", name, {}, opts);
        const key = (purpose: keyof typeof names.recoveryKeyAlias, description: string, policy: PolicyDocument) => {
            const k = new aws.kms.Key(
                `${name}-${purpose}`,
                {
                    description,
                    enableKeyRotation: true,
                    // The longest window: a key scheduled for deletion by mistake can be rescued for 30 days.
                    deletionWindowInDays: 30,
                    keyUsage: "ENCRYPT_DECRYPT",
                    customerMasterKeySpec: "SYMMETRIC_DEFAULT",
                    policy: JSON.stringify(policy),
                },
                { parent: this, protect: true },
            );
            new aws.kms.Alias(
                `${name}-${purpose}-alias`,
                { name: names.recoveryKeyAlias[purpose], targetKeyId: k.keyId },
                { parent: k },
            );
            return k;
        };
        this.replica = key("replica", "S3 replicas of the partner regions' data buckets", replicaKeyPolicy(args));
        this.vault = key("vault", "AWS Backup recovery points copied from the partner regions", vaultKeyPolicy(args));
        this.databaseBackups = key(
            "databaseBackups",
            "RDS automated backups replicated from the partner regions",
            databaseBackupsKeyPolicy(args),
        );
        this.registerOutputs({});
    }
}
