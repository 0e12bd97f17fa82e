import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Logged by the home region's program when the securityContact* keys are unset (the default). */
export const NO_SECURITY_CONTACT_MESSAGE =
    "no SECURITY alternate contact (Account.1, CIS 1.2): the securityContact* keys are unset, so AWS sends " +
    "security notices to the root email only and Security Hub reports Account.1 as failed. Set all four, e.g. " +
    "pulumi config set securityContactEmail security@example.com (and securityContactName, securityContactTitle, " +
    "securityContactPhone).";

export interface SecurityContactInfo {
    readonly name: string;
    readonly title: string;
    readonly email: string;
    readonly phone: string;
}

/**
 * The account's SECURITY alternate contact (Account.1 / CIS 1.2), set once in the home region: AWS
 * sends security notifications to it besides the root email. An account-wide setting: PutAlternateContact
 * overwrites whatever was set before, so no import is needed.
 */
export class SecurityContact extends pulumi.ComponentResource {
    constructor(name: string, args: SecurityContactInfo, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:SecurityContact", name, {}, opts);
        new aws.account.AlternativeContact(
            name,
            {
                alternateContactType: "SECURITY",
                name: args.name,
                title: args.title,
                emailAddress: args.email,
                phoneNumber: args.phone,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
