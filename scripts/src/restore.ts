/**
 * `npm run restore -- --region <lost region> --account <id> [options]`: the
 * restore runbook for the loss of a baseline region, as the exact AWS CLI
 * commands that bring its database and data bucket back in its PARTNER region
 * (lib environment.ts PARTNER_REGIONS), from what the baseline keeps there:
 *
 * - the database: point-in-time restore from the RDS automated backups the data
 *   layer replicates to the partner region (InstanceAutomatedBackupsReplication);
 * - the bucket: the replica the data bucket replicates into (recovery layer),
 *   usable at once; and, with --from-backup, a restore of the latest AWS Backup
 *   copy in the partner's locked vault into a new bucket (for corruption that
 *   replication copied too). AWS Backup restores a cross-region copy only in the
 *   region that holds the copy (AWS Backup developer guide, "Restoring S3 data").
 *
 * `--dry-run` prints the commands; without it they run, in order, in one
 * `bash -euo pipefail` (each later command uses what the earlier ones looked up).
 * Exit codes: 0 done (or printed), 1 a command failed, 2 a usage error.
 */
import { spawnSync } from "child_process";
import { DeployRegion, NAME_PREFIX, REGIONS, Region, isRegion, names, partnerOf } from "@baseline/lib";

export interface RestoreOptions {
    /** The lost baseline region. */
    readonly region: Region;
    readonly accountId: string;
    /** ISO 8601 UTC; absent: the latest restorable time. */
    readonly restoreTime?: string;
    /** DB subnet group in the partner region; defaults to the data layer's there when the partner is a baseline region. */
    readonly dbSubnetGroup: string;
    readonly dbSecurityGroupIds: readonly string[];
    /** Also restore the latest AWS Backup copy of the bucket into a new bucket, with this role. */
    readonly restoreRoleArn?: string;
    readonly dryRun: boolean;
}

export class RestoreUsageError extends Error {}

export const USAGE = `usage: npm run restore -- --region <lost region> --account <12 digits> [options]

  --region R                 the lost region: ${REGIONS.join(", ")}; everything is restored in its partner region
  --account ID               the AWS account (names of buckets and ARNs carry it)
  --restore-time T           ISO 8601 UTC time to restore the database to (default: the latest restorable time)
  --db-subnet-group NAME     DB subnet group in the partner region (default ${names.dbIdentifier}-isolated, the data
                             layer's, when the partner is a baseline region; required for a recovery-only partner)
  --db-security-group SG     VPC security group of the restored database (repeatable)
  --from-backup ROLE_ARN     also restore the latest AWS Backup copy of the bucket into a new bucket, as this role
  --dry-run                  print the commands, run nothing`;

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z$/;

/**
 * What is wrong with a `--restore-time` value, or undefined when it is usable: ISO 8601 UTC, a date
 * and time that exist on the calendar (`2024-13-45T00:00:00Z` matches the pattern but is no date;
 * `Date` would silently roll it over into another month), and not after `now` (RDS can only restore
 * to a time it has backups for: a future time fails only after the runbook has started).
 */
export function restoreTimeProblem(value: string, now: Date): string | undefined {
    const m = ISO.exec(value);
    const example = "like 2026-01-31T23:45:00Z";
    if (!m) return `--restore-time must be ISO 8601 UTC ${example}, got ${JSON.stringify(value)}`;
    const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
    const t = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const exists =
        t.getUTCFullYear() === year &&
        t.getUTCMonth() === month - 1 &&
        t.getUTCDate() === day &&
        t.getUTCHours() === hour &&
        t.getUTCMinutes() === minute &&
        t.getUTCSeconds() === second;
    if (!exists)
        return (
            `--restore-time must be a real date and time (month 01-12, a day that month has, hour 00-23, ` +
            `minute and second 00-59) ${example}, got ${JSON.stringify(value)}`
        );
    if (Date.parse(value) > now.getTime())
        return `--restore-time must not be in the future (now is ${now.toISOString().replace(/\.\d{3}Z$/, "Z")}), got ${JSON.stringify(value)}`;
    return undefined;
}

/** `now` is the reference for "not in the future" (a parameter so tests can fix it). */
export function parseRestoreArgs(argv: readonly string[], now: Date = new Date()): RestoreOptions {
    const values = new Map<string, string[]>();
    let dryRun = false;
    const problems: string[] = [];
    const takesValue = ["--region", "--account", "--restore-time", "--db-subnet-group", "--db-security-group", "--from-backup"];
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--dry-run") dryRun = true;
        else if (takesValue.includes(a)) {
            const v = argv[i + 1];
            if (v === undefined || v.startsWith("--")) problems.push(`${a} needs a value`);
            else values.set(a, [...(values.get(a) ?? []), v]);
            i++;
        } else problems.push(`unknown argument ${a}`);
    }
    const one = (k: string) => values.get(k)?.[values.get(k)!.length - 1];
    const region = one("--region");
    if (!isRegion(region)) problems.push(`--region must be one of ${REGIONS.join(", ")}, got ${JSON.stringify(region ?? null)}`);
    const accountId = one("--account") ?? "";
    if (!/^\d{12}$/.test(accountId))
        problems.push(`--account must be a 12-digit AWS account id, got ${JSON.stringify(accountId)}`);
    const restoreTime = one("--restore-time");
    const timeProblem = restoreTime === undefined ? undefined : restoreTimeProblem(restoreTime, now);
    if (timeProblem) problems.push(timeProblem);
    const partner: DeployRegion | undefined = isRegion(region) ? partnerOf(region) : undefined;
    const dbSubnetGroup =
        one("--db-subnet-group") ?? (partner && isRegion(partner) ? `${names.dbIdentifier}-isolated` : undefined);
    if (dbSubnetGroup === undefined && partner)
        problems.push(
            `--db-subnet-group is required: the partner region ${partner} holds only recovery targets (no network layer), ` +
                `so name a DB subnet group there`,
        );
    const sgs = values.get("--db-security-group") ?? [];
    for (const sg of sgs) if (!/^sg-[0-9a-f]{8,17}$/.test(sg)) problems.push(`--db-security-group must be sg-..., got ${sg}`);
    const restoreRoleArn = one("--from-backup");
    if (restoreRoleArn !== undefined && !/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(restoreRoleArn))
        problems.push(`--from-backup needs an IAM role ARN, got ${restoreRoleArn}`);
    if (problems.length > 0) throw new RestoreUsageError(problems.join("; "));
    return {
        region: region as Region,
        accountId,
        ...(restoreTime ? { restoreTime } : {}),
        dbSubnetGroup: dbSubnetGroup!,
        dbSecurityGroupIds: sgs,
        ...(restoreRoleArn ? { restoreRoleArn } : {}),
        dryRun,
    };
}

export interface RunbookStep {
    readonly title: string;
    readonly command: string;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The runbook: every command, in order, for the loss of `opts.region`. */
export function restoreSteps(opts: RestoreOptions): RunbookStep[] {
    const partner = partnerOf(opts.region);
    const r = `--region ${partner}`;
    const restored = `${names.dbIdentifier}-restored`;
    const replica = names.replicaBucket(opts.accountId, opts.region);
    const source = names.dataBucket(opts.accountId, opts.region);
    const steps: RunbookStep[] = [
        {
            title: `Find the automated backups of ${names.dbIdentifier} that ${opts.region} replicated to ${partner}`,
            command:
                `BACKUPS_ARN=$(aws rds describe-db-instance-automated-backups ${r} --db-instance-identifier ${names.dbIdentifier} ` +
                `--query ${q(`DBInstanceAutomatedBackups[?Region=='${opts.region}'].DBInstanceAutomatedBackupsArn | [0]`)} --output text)`,
        },
        {
            title: `Restore the database in ${partner} ${opts.restoreTime ? `to ${opts.restoreTime}` : "to the latest restorable time"}`,
            command: [
                `aws rds restore-db-instance-to-point-in-time ${r}`,
                `--source-db-instance-automated-backups-arn "$BACKUPS_ARN"`,
                `--target-db-instance-identifier ${restored}`,
                opts.restoreTime ? `--restore-time ${opts.restoreTime}` : "--use-latest-restorable-time",
                `--db-subnet-group-name ${opts.dbSubnetGroup}`,
                ...(opts.dbSecurityGroupIds.length ? [`--vpc-security-group-ids ${opts.dbSecurityGroupIds.join(" ")}`] : []),
                // The replicated backups are encrypted with the recovery layer's key of the partner region.
                `--kms-key-id ${names.recoveryKeyAlias.databaseBackups}`,
                "--no-publicly-accessible --multi-az --deletion-protection --enable-iam-database-authentication --copy-tags-to-snapshot",
            ].join(" "),
        },
        {
            title: "Wait until it is available (typically tens of minutes, longer the more transaction log to replay)",
            command: `aws rds wait db-instance-available ${r} --db-instance-identifier ${restored}`,
        },
        {
            title: "Print the restored endpoint for the application's configuration",
            command: `aws rds describe-db-instances ${r} --db-instance-identifier ${restored} --query 'DBInstances[0].Endpoint' --output table`,
        },
        {
            title: `Check the replica of ${source} in ${partner}: versioned, and what it holds (the application reads it from now on)`,
            command: `aws s3api get-bucket-versioning ${r} --bucket ${replica} && aws s3 ls ${r} s3://${replica} --recursive --summarize | tail -n 2`,
        },
    ];
    if (opts.restoreRoleArn) {
        // In the partner region, named after the lost region like every baseline bucket.
        const target = `${NAME_PREFIX}-restored-${opts.accountId}-${opts.region}`;
        steps.push(
            {
                title: `Find the latest copy of ${source} in ${names.recoveryVault} (${partner})`,
                command:
                    `RECOVERY_POINT=$(aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${names.recoveryVault} ` +
                    `--by-resource-arn arn:aws:s3:::${source} --query 'max_by(RecoveryPoints, &CreationDate).RecoveryPointArn' --output text)`,
            },
            {
                title: `Create the restore target ${target}: private, versioned, SSE-KMS with the partner's replica key`,
                command: [
                    `aws s3api create-bucket ${r} --bucket ${target} --create-bucket-configuration LocationConstraint=${partner}`,
                    `aws s3api put-public-access-block ${r} --bucket ${target} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`,
                    `aws s3api put-bucket-versioning ${r} --bucket ${target} --versioning-configuration Status=Enabled`,
                    `aws s3api put-bucket-encryption ${r} --bucket ${target} --server-side-encryption-configuration ` +
                        q(
                            JSON.stringify({
                                Rules: [
                                    {
                                        ApplyServerSideEncryptionByDefault: {
                                            SSEAlgorithm: "aws:kms",
                                            KMSMasterKeyID: names.recoveryKeyAlias.replica,
                                        },
                                        BucketKeyEnabled: true,
                                    },
                                ],
                            }),
                        ),
                ].join(" && "),
            },
            {
                title: "Restore the recovery point into it",
                command:
                    `aws backup start-restore-job ${r} --recovery-point-arn "$RECOVERY_POINT" --iam-role-arn ${opts.restoreRoleArn} ` +
                    `--resource-type S3 --metadata ${q(JSON.stringify({ DestinationBucketName: target, NewBucket: "false" }))}`,
            },
        );
    }
    return steps;
}

/** The runbook as a bash script: what --dry-run prints and what a run executes. */
export function formatRunbook(opts: RestoreOptions): string {
    const partner = partnerOf(opts.region);
    const lines = [
        `# Restore ${opts.region} in its partner region ${partner} (account ${opts.accountId})`,
        `# generated by: npm run restore -- ${describeArgs(opts)}`,
        "",
    ];
    restoreSteps(opts).forEach((s, i) => lines.push(`# ${i + 1}. ${s.title}`, s.command, ""));
    return lines.join("\n");
}

function describeArgs(o: RestoreOptions): string {
    return [
        `--region ${o.region}`,
        `--account ${o.accountId}`,
        ...(o.restoreTime ? [`--restore-time ${o.restoreTime}`] : []),
        `--db-subnet-group ${o.dbSubnetGroup}`,
        ...o.dbSecurityGroupIds.map((s) => `--db-security-group ${s}`),
        ...(o.restoreRoleArn ? [`--from-backup ${o.restoreRoleArn}`] : []),
    ].join(" ");
}

export interface RestoreDeps {
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
    /** Runs a bash script; returns its exit status. */
    readonly run: (script: string) => number;
}

export function main(argv: readonly string[], deps: RestoreDeps): number {
    if (argv.includes("--help")) {
        deps.out(`${USAGE}\n`);
        return 0;
    }
    let opts: RestoreOptions;
    try {
        opts = parseRestoreArgs(argv);
    } catch (e) {
        if (!(e instanceof RestoreUsageError)) throw e;
        deps.err(`restore: ${e.message}\n\n${USAGE}\n`);
        return 2;
    }
    const script = formatRunbook(opts);
    deps.out(script);
    if (opts.dryRun) return 0;
    const status = deps.run(`set -euo pipefail\n${script}`);
    if (status !== 0) deps.err(`restore: a command failed (exit ${status}); nothing after it ran\n`);
    return status === 0 ? 0 : 1;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), {
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        run: (script) => spawnSync("bash", ["-c", script], { stdio: "inherit" }).status ?? 1,
    });
}

/** Where the runbook example is shown: the restore test checks it is this script's output. */
export const RUNBOOK_DOC_FILE = "docs/recovery.md";
/** The runbook example's arguments (`npm run gen:contracts` does not write it; the restore test checks it). */
export const RUNBOOK_EXAMPLE_ARGS = ["--region", "us-east-1", "--account", "123456789012", "--dry-run"] as const;
export const RUNBOOK_BEGIN =
    "<!-- BEGIN restore runbook (generated by npm run restore -- --region us-east-1 --account 123456789012 --dry-run) -->";
export const RUNBOOK_END = "<!-- END restore runbook -->";
