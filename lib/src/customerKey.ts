/**
 * A customer-managed KMS key as every layer creates one: symmetric, rotated
 * yearly (KMS.4), with the longest deletion window (a key scheduled for
 * deletion by mistake can be rescued for 30 days), `protect`ed, and with its
 * alias. The key policy is the caller's: who may use a key is the layer's call.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "./policyDocument";

export interface CustomerKeyArgs {
    readonly description: string;
    readonly policy: PolicyDocument | object;
    /** `alias/...` */
    readonly alias: string;
}

/** The key `name` and its alias `name-alias`, children of `parent` (the alias a child of the key). */
export function customerManagedKey(name: string, args: CustomerKeyArgs, parent: pulumi.Resource): aws.kms.Key {
    const key = new aws.kms.Key(
        name,
        {
            description: args.description,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            keyUsage: "ENCRYPT_DECRYPT",
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            policy: JSON.stringify(args.policy),
        },
        { parent, protect: true },
    );
    new aws.kms.Alias(`${name}-alias`, { name: args.alias, targetKeyId: key.keyId }, { parent: key });
    return key;
}
