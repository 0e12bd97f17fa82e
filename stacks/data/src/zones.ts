/**
 * The database's instance class must be offered in every zone its subnets span: RDS places the
 * primary and the Multi-AZ standby in those zones, and an instance class is not offered in every
 * zone of every region (DescribeOrderableDBInstanceOptions lists the zones per class). The network
 * layer chooses the zones; this check runs before any resource exists and fails with one
 * ConfigValidationError naming dbInstanceClass, instead of a CreateDBInstance error halfway
 * through `pulumi up`.
 */
import * as aws from "@pulumi/aws";
import { ConfigValidationError } from "@baseline/lib";
import { PROJECT } from "./config";

export function databaseZoneProblems(offered: readonly string[], subnetZones: readonly string[]): string[] {
    return subnetZones.filter((z) => !offered.includes(z));
}

export async function checkInstanceClassZones(args: {
    readonly instanceClass: string;
    readonly subnetZones: readonly string[];
    readonly region: string;
    readonly stack: string;
}): Promise<void> {
    const orderable = await aws.rds.getOrderableDbInstance({
        engine: "postgres",
        preferredInstanceClasses: [args.instanceClass],
        engineLatestVersion: true,
    });
    const missing = databaseZoneProblems(orderable.availabilityZones, args.subnetZones);
    if (missing.length > 0) {
        throw new ConfigValidationError(args.stack, [
            {
                key: `${PROJECT}:dbInstanceClass`,
                value: args.instanceClass,
                allowed:
                    `a class RDS offers in every zone of the database subnets (${args.subnetZones.join(", ")}); ` +
                    `${args.instanceClass} is not offered in ${missing.join(", ")} of ${args.region} ` +
                    `(offered in ${orderable.availabilityZones.join(", ") || "none"})`,
            },
        ]);
    }
}
