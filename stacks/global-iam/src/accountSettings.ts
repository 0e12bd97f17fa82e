import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { CIS_PASSWORD_POLICY } from "@baseline/lib";

export interface AccountSettingsArgs {
    readonly accountId: pulumi.Input<string>;
}

/**
 * Account-wide settings: the IAM password policy at CIS values (IAM.7/15/16) and S3 Block Public
 * Access for the whole account (S3.1, CIS 2.1.4). No IAM users are created anywhere in the baseline;
 * the policy still guards any user created outside it.
 */
export class AccountSettings extends pulumi.ComponentResource {
    readonly passwordPolicy: aws.iam.AccountPasswordPolicy;
    readonly publicAccessBlock: aws.s3.AccountPublicAccessBlock;

    constructor(name: string, args: AccountSettingsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:global-iam:AccountSettings", name, {}, opts);
        this.passwordPolicy = new aws.iam.AccountPasswordPolicy(
            `${name}-password-policy`,
            { ...CIS_PASSWORD_POLICY },
            { parent: this },
        );
        this.publicAccessBlock = new aws.s3.AccountPublicAccessBlock(
            `${name}-s3-public-access-block`,
            {
                accountId: args.accountId,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
