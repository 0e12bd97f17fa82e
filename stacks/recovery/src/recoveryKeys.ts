import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, customerManagedKey, names } from "@baseline/lib";
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
        const key = (purpose: keyof typeof names.recoveryKeyAlias, description: string, policy: PolicyDocument) =>
            customerManagedKey(`${name}-${purpose}`, { description, policy, alias: names.recoveryKeyAlias[purpose] }, this);
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
