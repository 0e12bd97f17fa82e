/**
 * List prices (USD, on-demand, no free tier, no discounts) for what the baseline
 * creates that AWS bills, per region, each with the page it comes from and the
 * date it was taken. The estimate (estimate.ts) multiplies these by what the
 * plan contains and by the usage assumptions below; nothing else holds a price.
 *
 * Where a price is not listed for a region, stacks in that region are reported
 * as "not priced" for that item instead of being priced with another region's
 * figure. Prices change: check the AWS Pricing Calculator before budgeting.
 */

/** The regions this table prices. */
export const PRICED_REGIONS = ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"] as const;
export type PricedRegion = (typeof PRICED_REGIONS)[number];

export interface Price {
    readonly description: string;
    /** What one unit is: `hour`, `GB`, `GB-month`, `key-month`, ... */
    readonly unit: string;
    readonly usd: Readonly<Partial<Record<PricedRegion, number>>>;
    readonly source: string;
    /** When the figure was taken from the source (YYYY-MM-DD). */
    readonly asOf: string;
}

const TAKEN = "2026-12-05";
const same = (usd: number): Record<PricedRegion, number> => ({
    "us-east-1": usd,
    "us-west-2": usd,
    "eu-central-1": usd,
    "eu-west-1": usd,
});

export const PRICES = {
    natGatewayHour: {
        description: "NAT gateway, per gateway-hour",
        unit: "hour",
        usd: { "us-east-1": 0.045, "us-west-2": 0.045, "eu-central-1": 0.052, "eu-west-1": 0.048 },
        source: "https://aws.amazon.com/vpc/pricing/",
        asOf: TAKEN,
    },
    natGatewayGb: {
        description: "NAT gateway data processed",
        unit: "GB",
        usd: { "us-east-1": 0.045, "us-west-2": 0.045, "eu-central-1": 0.052, "eu-west-1": 0.048 },
        source: "https://aws.amazon.com/vpc/pricing/",
        asOf: TAKEN,
    },
    publicIpv4Hour: {
        description: "Public IPv4 address (in use or idle), per address-hour",
        unit: "hour",
        usd: same(0.005),
        source: "https://aws.amazon.com/vpc/pricing/ (Public IPv4 Address tab)",
        asOf: TAKEN,
    },
    interfaceEndpointAzHour: {
        description: "Interface VPC endpoint, per endpoint per Availability Zone-hour",
        unit: "hour",
        usd: { "us-east-1": 0.01, "us-west-2": 0.01, "eu-central-1": 0.012, "eu-west-1": 0.011 },
        source: "https://aws.amazon.com/privatelink/pricing/",
        asOf: TAKEN,
    },
    rdsPostgresHour_db_m7g_large: {
        description: "RDS for PostgreSQL db.m7g.large, Single-AZ instance-hour (Multi-AZ: two instances)",
        unit: "hour",
        usd: { "us-east-1": 0.168, "us-west-2": 0.168, "eu-central-1": 0.198, "eu-west-1": 0.184 },
        source: "https://aws.amazon.com/rds/postgresql/pricing/",
        asOf: TAKEN,
    },
    rdsPostgresHour_db_t4g_medium: {
        description: "RDS for PostgreSQL db.t4g.medium, Single-AZ instance-hour (Multi-AZ: two instances)",
        unit: "hour",
        usd: { "us-east-1": 0.065, "us-west-2": 0.065, "eu-central-1": 0.074, "eu-west-1": 0.068 },
        source: "https://aws.amazon.com/rds/postgresql/pricing/",
        asOf: TAKEN,
    },
    rdsGp3GbMonth: {
        description: "RDS gp3 storage, Single-AZ GB-month (Multi-AZ: twice)",
        unit: "GB-month",
        usd: { "us-east-1": 0.115, "us-west-2": 0.115, "eu-central-1": 0.137, "eu-west-1": 0.127 },
        source: "https://aws.amazon.com/rds/postgresql/pricing/ (Storage)",
        asOf: TAKEN,
    },
    rdsBackupGbMonth: {
        description: "RDS backup storage beyond the free amount, and replicated automated backups in the partner region",
        unit: "GB-month",
        usd: same(0.095),
        source: "https://aws.amazon.com/rds/postgresql/pricing/ (Backup storage)",
        asOf: TAKEN,
    },
    kmsKeyMonth: {
        description: "KMS customer managed key, per key-month (rotation adds no charge since 2024 for the first two rotations)",
        unit: "key-month",
        usd: same(1.0),
        source: "https://aws.amazon.com/kms/pricing/",
        asOf: TAKEN,
    },
    configItem: {
        description: "AWS Config configuration item recorded (continuous recording)",
        unit: "item",
        usd: same(0.003),
        source: "https://aws.amazon.com/config/pricing/",
        asOf: TAKEN,
    },
    configRuleEvaluation: {
        description: "AWS Config rule evaluation (first 100,000 a month)",
        unit: "evaluation",
        usd: same(0.001),
        source: "https://aws.amazon.com/config/pricing/",
        asOf: TAKEN,
    },
    guardDutyMillionManagementEvents: {
        description: "GuardDuty analysis of CloudTrail management events (first 500 million), per million events",
        unit: "million events",
        usd: { "us-east-1": 4.0, "us-west-2": 4.0, "eu-central-1": 4.8, "eu-west-1": 4.4 },
        source: "https://aws.amazon.com/guardduty/pricing/",
        asOf: TAKEN,
    },
    guardDutyFlowDnsGb: {
        description: "GuardDuty analysis of VPC flow logs and DNS query logs (first 500 GB), per GB",
        unit: "GB",
        usd: { "us-east-1": 1.0, "us-west-2": 1.0, "eu-central-1": 1.2, "eu-west-1": 1.1 },
        source: "https://aws.amazon.com/guardduty/pricing/",
        asOf: TAKEN,
    },
    guardDutyMillionS3Events: {
        description: "GuardDuty S3 Protection, CloudTrail S3 data events analysed (first 500 million), per million",
        unit: "million events",
        usd: { "us-east-1": 0.8, "us-west-2": 0.8, "eu-central-1": 0.96, "eu-west-1": 0.88 },
        source: "https://aws.amazon.com/guardduty/pricing/",
        asOf: TAKEN,
    },
    securityHubCheck: {
        description: "Security Hub security check (first 100,000 a month)",
        unit: "check",
        usd: same(0.001),
        source: "https://aws.amazon.com/security-hub/pricing/",
        asOf: TAKEN,
    },
    cloudTrailDataEvents100k: {
        description: "CloudTrail data events delivered to S3, per 100,000 events (management events: first copy free)",
        unit: "100,000 events",
        usd: same(0.1),
        source: "https://aws.amazon.com/cloudtrail/pricing/",
        asOf: TAKEN,
    },
    logsIngestGb: {
        description: "CloudWatch Logs ingestion (standard log class), per GB",
        unit: "GB",
        usd: { "us-east-1": 0.5, "us-west-2": 0.5, "eu-central-1": 0.63, "eu-west-1": 0.57 },
        source: "https://aws.amazon.com/cloudwatch/pricing/ (Logs)",
        asOf: TAKEN,
    },
    logsStoreGbMonth: {
        description: "CloudWatch Logs archived storage, per GB-month",
        unit: "GB-month",
        usd: { "us-east-1": 0.03, "us-west-2": 0.03, "eu-central-1": 0.0324, "eu-west-1": 0.03 },
        source: "https://aws.amazon.com/cloudwatch/pricing/ (Logs)",
        asOf: TAKEN,
    },
    alarmMonth: {
        description: "CloudWatch standard-resolution metric alarm, per alarm-month",
        unit: "alarm-month",
        usd: same(0.1),
        source: "https://aws.amazon.com/cloudwatch/pricing/ (Alarms)",
        asOf: TAKEN,
    },
    backupWarmGbMonth: {
        description: "AWS Backup warm storage of S3 backups, per GB-month",
        unit: "GB-month",
        usd: { "us-east-1": 0.05, "us-west-2": 0.05, "eu-central-1": 0.06, "eu-west-1": 0.055 },
        source: "https://aws.amazon.com/backup/pricing/",
        asOf: TAKEN,
    },
    interRegionTransferGb: {
        description: "Data transfer between AWS regions (replication, backup copies), per GB out",
        unit: "GB",
        usd: same(0.02),
        source: "https://aws.amazon.com/ec2/pricing/on-demand/ (Data Transfer)",
        asOf: TAKEN,
    },
    s3RtcGb: {
        description: "S3 Replication Time Control, per GB replicated",
        unit: "GB",
        usd: same(0.015),
        source: "https://aws.amazon.com/s3/pricing/ (Replication)",
        asOf: TAKEN,
    },
    s3StandardGbMonth: {
        description: "S3 Standard storage (first 50 TB), per GB-month (the replica copy)",
        unit: "GB-month",
        usd: { "us-east-1": 0.023, "us-west-2": 0.023, "eu-central-1": 0.0245, "eu-west-1": 0.023 },
        source: "https://aws.amazon.com/s3/pricing/",
        asOf: TAKEN,
    },
} as const satisfies Record<string, Price>;

export type PriceKey = keyof typeof PRICES;

/** Hours in the average month (AWS bills 730 hours in its calculator). */
export const HOURS_PER_MONTH = 730;

/**
 * Usage the plan cannot know, stated once. Each figure is a deliberately small
 * production baseline with no workload traffic; the report prints them next to
 * the estimate, and a team replaces them with its own.
 */
export const USAGE = {
    natGbPerGatewayMonth: { value: 50, description: "GB processed per NAT gateway a month" },
    configItemsPerRegionMonth: { value: 2000, description: "Config configuration items recorded per region a month" },
    evaluationsPerRuleMonth: { value: 100, description: "Config evaluations per rule a month" },
    managementEventsMillionsPerRegionMonth: {
        value: 2,
        description: "CloudTrail management events per region a month, in millions (GuardDuty analyses them)",
    },
    flowDnsGbPerRegionMonth: { value: 5, description: "VPC flow and DNS log GB per region a month (GuardDuty)" },
    s3DataEventsMillionsPerMonth: {
        value: 1,
        description: "S3 data events a month on the buckets the trail records, in millions (CloudTrail and GuardDuty)",
    },
    securityHubChecksPerRegionMonth: { value: 3000, description: "Security Hub checks per region a month" },
    logGbPerGroupMonth: { value: 1, description: "GB ingested per CloudWatch log group a month" },
    logRetainedMonths: { value: 12, description: "months of logs kept (steady state of a 365-day retention)" },
    backupGbPerVaultMonth: { value: 100, description: "GB of backups per vault (the data bucket's, and their copies)" },
    replicatedGbPerMonth: { value: 50, description: "GB of new objects replicated to the partner region a month" },
    replicaStoredGb: { value: 500, description: "GB stored in each replica bucket" },
} as const;

export type UsageKey = keyof typeof USAGE;
