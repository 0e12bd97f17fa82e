/**
 * The commercial AWS regions (partition `aws`), as data. A region of the baseline must be one of them.
 *
 * Source: the `Region` enum of @pulumi/aws 7.48.0 (`types/enums/index.d.ts`, generated from the
 * provider's region list), without the regions of other partitions: China (`cn-*`, partition
 * `aws-cn`), GovCloud (`us-gov-*`, `aws-us-gov`), the European Sovereign Cloud (`eusc-*`,
 * `aws-eusc`) and the isolated regions (`*-iso*-*`). AWS's "AWS Regions" page says of them: "You
 * can't describe or access the Regions of one type of account from another." A test compares this
 * list with the installed enum, so an upgrade of @pulumi/aws that knows a new region says so.
 */
export const COMMERCIAL_REGIONS: readonly string[] = [
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-north-1",
    "eu-south-1",
    "eu-south-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "il-central-1",
    "me-central-1",
    "me-south-1",
    "mx-central-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/** Name prefixes of regions in other partitions, with the partition a message names. */
export const OTHER_PARTITIONS: readonly { readonly pattern: RegExp; readonly partition: string }[] = [
    { pattern: /^cn-/, partition: "aws-cn (China)" },
    { pattern: /^us-gov-/, partition: "aws-us-gov (GovCloud)" },
    { pattern: /^eusc-/, partition: "aws-eusc (European Sovereign Cloud)" },
    { pattern: /-iso[a-z]?-/, partition: "an isolated partition (aws-iso*)" },
];

export function isCommercialRegion(name: string): boolean {
    return COMMERCIAL_REGIONS.includes(name);
}

/** Why `name` is not a commercial region, or undefined when it is one. */
export function commercialRegionProblem(name: string): string | undefined {
    if (isCommercialRegion(name)) return undefined;
    const other = OTHER_PARTITIONS.find((p) => p.pattern.test(name));
    if (other) return `${name} is a region of ${other.partition}, not of the commercial partition the baseline is built for`;
    return `${name} is not a commercial AWS region (lib/src/awsRegions.ts lists them, e.g. eu-north-1, ap-southeast-2)`;
}
