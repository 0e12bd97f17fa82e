/**
 * `npm run restore -- --region <lost region> --account <id> [options]`: the
 * restore runbook for the loss of a baseline region, as the exact AWS CLI
 * commands that bring its database and data bucket back in its PARTNER region
 * (lib environment.ts PARTNER_REGIONS), from what the baseline keeps there:
 *
 * - the database: point-in-time restore from the RDS automated backups the data
 *   layer replicates to the partner region (InstanceAutomatedBackupsReplication);
 *   or, with --db-from-vault, from the latest daily AWS Backup copy of it in the
 *   partner's locked vault (for when the replicated backups are gone, or hold the
 *   damage: replication can be stopped and its backups deleted, the vault's copies
 *   cannot be before their retention ends);
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
import { UsageError, parseCommandLine } from "./cli";

export interface RestoreOptions {
    /** The lost baseline region. */
    readonly region: Region;
    readonly accountId: string;
    /**
     * ISO 8601 UTC; absent: the latest restorable time. With `dbFromVault`, the database comes from the latest
     * vault copy created before it.
     */
    readonly restoreTime?: string;
    /** Restore the database from the latest AWS Backup copy in the partner's vault, not the replicated automated backups. */
    readonly dbFromVault: boolean;
    /** DB subnet group in the partner region; defaults to the data layer's there when the partner is a baseline region. */
    readonly dbSubnetGroup: string;
    /** Security groups of the restored database; empty: the partner's own database's (a baseline partner). */
    readonly dbSecurityGroupIds: readonly string[];
    /** DB parameter group of the restored database; absent: the partner's own database's (a baseline partner). */
    readonly dbParameterGroup?: string;
    /** Also restore the latest AWS Backup copy of the bucket into a new bucket, with this role. */
    readonly restoreRoleArn?: string;
    readonly dryRun: boolean;
}

export class RestoreUsageError extends Error {}

export const USAGE = `usage: npm run restore -- --region <lost region> --account <12 digits> [options]

  --region R                 the lost region: ${REGIONS.join(", ")}; everything is restored in its partner region
  --account ID               the AWS account (names of buckets and ARNs carry it)
  --restore-time T           ISO 8601 UTC time to restore the database to (default: the latest restorable time);
                             with --db-from-vault, the latest vault copy made before T
  --db-from-vault            restore the database from the latest AWS Backup copy in the partner's locked vault
                             (${names.recoveryVault}), not from the replicated automated backups
  --db-subnet-group NAME     DB subnet group in the partner region (default ${names.dbIdentifier}-isolated, the data
                             layer's, when the partner is a baseline region; required for a recovery-only partner)
  --db-security-group SG     VPC security group of the restored database (repeatable; default: the groups of the
                             partner's own ${names.dbIdentifier}; required for a recovery-only partner)
  --db-parameter-group NAME  DB parameter group of the restored database (default: the partner's own
                             ${names.dbIdentifier}'s; without it a recovery-only partner gets RDS's default group)
  --from-backup ROLE_ARN     also restore the latest AWS Backup copy of the bucket into a new bucket, as this role
  --dry-run                  print the commands, run nothing
  -h, --help                 print this text

Options take --flag value or --flag=value; each but --db-security-group may be given once.`;

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

/** The flags of `npm run restore`: the shared parser's (scripts/src/cli.ts) `--flag value`, `--flag=value` and `-h`. */
const FLAGS = {
    region: { type: "string" },
    account: { type: "string" },
    "restore-time": { type: "string" },
    "db-from-vault": { type: "boolean" },
    "db-subnet-group": { type: "string" },
    "db-security-group": { type: "string", multiple: true },
    "db-parameter-group": { type: "string" },
    "from-backup": { type: "string" },
    "dry-run": { type: "boolean" },
} as const;

/**
 * The command line of `npm run restore`: its options, or "help" for `-h`/`--help`. An unknown flag,
 * a missing value or a flag given twice (but --db-security-group) is refused by the shared parser;
 * every problem of the values comes in one RestoreUsageError. `now` is the reference for "not in the
 * future" (a parameter so tests can fix it).
 */
export function parseRestoreCommandLine(argv: readonly string[], now: Date = new Date()): RestoreOptions | "help" {
    let parsed;
    try {
        parsed = parseCommandLine(argv, FLAGS);
    } catch (e) {
        if (e instanceof UsageError) throw new RestoreUsageError(e.message);
        throw e;
    }
    if (parsed.help) return "help";
    const values = parsed.values;
    const dryRun = values["dry-run"] === true;
    const dbFromVault = values["db-from-vault"] === true;
    const problems: string[] = [];
    const region = values.region;
    if (!isRegion(region)) problems.push(`--region must be one of ${REGIONS.join(", ")}, got ${JSON.stringify(region ?? null)}`);
    const accountId = values.account ?? "";
    if (!/^\d{12}$/.test(accountId))
        problems.push(`--account must be a 12-digit AWS account id, got ${JSON.stringify(accountId)}`);
    const restoreTime = values["restore-time"];
    const timeProblem = restoreTime === undefined ? undefined : restoreTimeProblem(restoreTime, now);
    if (timeProblem) problems.push(timeProblem);
    const partner: DeployRegion | undefined = isRegion(region) ? partnerOf(region) : undefined;
    const dbSubnetGroup =
        values["db-subnet-group"] ?? (partner && isRegion(partner) ? `${names.dbIdentifier}-isolated` : undefined);
    if (dbSubnetGroup === undefined && partner)
        problems.push(
            `--db-subnet-group is required: the partner region ${partner} holds only recovery targets (no network layer), ` +
                `so name a DB subnet group there`,
        );
    const sgs = values["db-security-group"] ?? [];
    for (const sg of sgs) if (!/^sg-[0-9a-f]{8,17}$/.test(sg)) problems.push(`--db-security-group must be sg-..., got ${sg}`);
    // A recovery-only partner has no database of its own to copy the groups from, and RDS would otherwise put
    // the restored instance in the VPC's default group, which the network layer empties (EC2.2).
    if (sgs.length === 0 && partner && !isRegion(partner))
        problems.push(
            `--db-security-group is required: the partner region ${partner} runs no ${names.dbIdentifier} whose groups ` +
                `the restored database could take, and the VPC's default group admits nothing`,
        );
    const dbParameterGroup = values["db-parameter-group"];
    if (dbParameterGroup !== undefined && !/^[a-zA-Z][a-zA-Z0-9-]{0,254}$/.test(dbParameterGroup))
        problems.push(
            `--db-parameter-group must be a DB parameter group name (letters, digits, hyphens), got ${dbParameterGroup}`,
        );
    const restoreRoleArn = values["from-backup"];
    if (restoreRoleArn !== undefined && !/^arn:aws:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(restoreRoleArn))
        problems.push(`--from-backup needs an IAM role ARN, got ${restoreRoleArn}`);
    if (problems.length > 0) throw new RestoreUsageError(problems.join("; "));
    return {
        region: region as Region,
        accountId,
        ...(restoreTime ? { restoreTime } : {}),
        dbFromVault,
        dbSubnetGroup: dbSubnetGroup!,
        dbSecurityGroupIds: sgs,
        ...(dbParameterGroup ? { dbParameterGroup } : {}),
        ...(restoreRoleArn ? { restoreRoleArn } : {}),
        dryRun,
    };
}

/** The options of a command line that asks for a runbook (`--help` is refused here: it asks for none). */
export function parseRestoreArgs(argv: readonly string[], now: Date = new Date()): RestoreOptions {
    const opts = parseRestoreCommandLine(argv, now);
    if (opts === "help") throw new RestoreUsageError("--help asks for the usage, not for a runbook");
    return opts;
}

export interface RunbookStep {
    readonly title: string;
    readonly command: string;
}

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A shell guard: stop the runbook with `message` when `variable` is empty or the CLI's "None" (a query that matched nothing). */
const found = (variable: string, message: string) =>
    `[ -n "$${variable}" ] && [ "$${variable}" != None ] && [ "$${variable}" != null ] || { echo ${q(`restore: ${message}`)} >&2; exit 1; }`;

/**
 * One value a query picks out of every page: with \`--output text\` the CLI runs the query on each page of a
 * paginated answer ("the output is paginated before the --query filter is applied", AWS CLI user guide,
 * "Filtering output"), so \`max_by\` would print one line per page; JSON output applies it to all of them.
 */
const single = (command: string, query: string) => `${command} --query ${q(query)} --output json | tr -d '"'`;

/**
 * Polls `status` (a command printing one word) every 30 seconds until it prints `done`; stops the runbook when
 * it prints one of `failed`. No cap: \`aws rds wait\` gives up after 60 checks (30 minutes, "exit with a return
 * code of 255 after 60 failed checks", AWS CLI reference), and a restore that replays hours of logs takes longer.
 */
const waitFor = (status: string, done: string, failed: readonly string[], what: string) =>
    `while :; do S=$(${status}); case "$S" in ${done}) break ;; ${failed.join("|")}) echo "restore: ${what} is $S" >&2; exit 1 ;; esac; sleep 30; done`;

/** The runbook: every command, in order, for the loss of `opts.region`. */
export function restoreSteps(opts: RestoreOptions): RunbookStep[] {
    const partner = partnerOf(opts.region);
    const r = `--region ${partner}`;
    const restored = `${names.dbIdentifier}-restored`;
    const replica = names.replicaBucket(opts.accountId, opts.region);
    const source = names.dataBucket(opts.accountId, opts.region);
    // The partner's own database (a baseline partner runs one, in the same VPC tiers): the restored one takes its
    // security groups and parameter group, not RDS's defaults (the VPC's default group, which the network layer
    // empties, and the default parameter group, without rds.force_ssl and the connection logs).
    const baselinePartner = isRegion(partner);
    const lookUpGroups = opts.dbSecurityGroupIds.length === 0;
    const lookUpParameters = opts.dbParameterGroup === undefined && baselinePartner;
    // `|| true`: a partner without that database makes the CLI fail (its error is printed); the guard after
    // it then names the option to pass instead.
    const describePartnerDb = (query: string) =>
        `aws rds describe-db-instances ${r} --db-instance-identifier ${names.dbIdentifier} --query ${q(query)} --output text || true`;
    const status = `aws rds describe-db-instances ${r} --db-instance-identifier ${restored} --query 'DBInstances[0].DBInstanceStatus' --output text`;
    const dbArn = `arn:aws:rds:${opts.region}:${opts.accountId}:db:${names.dbIdentifier}`;
    const findSource: RunbookStep = opts.dbFromVault
        ? {
              // By the source database's ARN, as for the bucket's copies below; created before --restore-time, a
              // copy holds the database as it was before then (a copy is made after the backup it copies).
              title:
                  `Find the latest copy of ${names.dbIdentifier} (${opts.region}) in ${names.recoveryVault} (${partner})` +
                  (opts.restoreTime ? ` made before ${opts.restoreTime}` : ""),
              command: [
                  `SNAPSHOT_ARN=$(${single(
                      `aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${names.recoveryVault} --by-resource-arn ${dbArn}` +
                          (opts.restoreTime ? ` --by-created-before ${opts.restoreTime}` : ""),
                      "max_by(RecoveryPoints[?Status=='COMPLETED' || Status=='AVAILABLE'], &CreationDate).RecoveryPointArn",
                  )})`,
                  found(
                      "SNAPSHOT_ARN",
                      `no completed copy of ${names.dbIdentifier} from ${opts.region} in ${names.recoveryVault} (${partner})` +
                          (opts.restoreTime ? ` made before ${opts.restoreTime}` : ""),
                  ),
                  // An RDS recovery point is an RDS snapshot: its ARN ends in the snapshot's id, awsbackup:... (AWS Backup
                  // developer guide, "Working with backups": "Amazon RDS snapshot | awsbackup:job-...").
                  `case "$SNAPSHOT_ARN" in arn:aws:rds:${partner}:*:snapshot:*) ;; *) echo "restore: $SNAPSHOT_ARN is not an RDS snapshot" >&2; exit 1 ;; esac`,
              ].join("\n"),
          }
        : {
              // The latest of them: after replication stops, RDS keeps the replicated backups as "retained", so an
              // older set of the same instance may be listed too (RDS user guide, "Replicating automated backups").
              title: `Find the automated backups of ${names.dbIdentifier} that ${opts.region} replicated to ${partner}, the latest if several`,
              command: [
                  `BACKUPS_ARN=$(${single(
                      `aws rds describe-db-instance-automated-backups ${r}`,
                      `max_by(DBInstanceAutomatedBackups[?Region=='${opts.region}' && DBInstanceIdentifier=='${names.dbIdentifier}' && RestoreWindow.LatestTime], &RestoreWindow.LatestTime).DBInstanceAutomatedBackupsArn`,
                  )})`,
                  found(
                      "BACKUPS_ARN",
                      `no automated backups of ${names.dbIdentifier} replicated from ${opts.region} in ${partner}`,
                  ),
              ].join("\n"),
          };
    // What both restores are given: the partner's network and groups, and the data layer's settings.
    const placement = [
        `--db-subnet-group-name ${opts.dbSubnetGroup}`,
        `--vpc-security-group-ids ${opts.dbSecurityGroupIds.length ? opts.dbSecurityGroupIds.join(" ") : "$DB_SECURITY_GROUPS"}`,
        // A recovery-only partner runs no database to take a group from: RDS's default group, unless named.
        ...(opts.dbParameterGroup
            ? [`--db-parameter-group-name ${opts.dbParameterGroup}`]
            : lookUpParameters
              ? ['--db-parameter-group-name "$DB_PARAMETER_GROUP"']
              : []),
        "--no-publicly-accessible --multi-az --deletion-protection --enable-iam-database-authentication --copy-tags-to-snapshot",
    ];
    const restore: RunbookStep = opts.dbFromVault
        ? {
              // No KMS key either: RestoreDBInstanceFromDBSnapshot takes none; the snapshot's key encrypts the instance.
              title: `Restore the database in ${partner} from that copy`,
              command: [
                  `aws rds restore-db-instance-from-db-snapshot ${r}`,
                  `--db-instance-identifier ${restored}`,
                  '--db-snapshot-identifier "${SNAPSHOT_ARN#*:snapshot:}"',
                  ...placement,
              ].join(" "),
          }
        : {
              // No --kms-key-id: RestoreDBInstanceToPointInTime takes none (RDS API reference); the instance is encrypted
              // with the key of the replicated backups, the recovery layer's key of the partner region.
              title: `Restore the database in ${partner} ${opts.restoreTime ? `to ${opts.restoreTime}` : "to the latest restorable time"}`,
              command: [
                  `aws rds restore-db-instance-to-point-in-time ${r}`,
                  `--source-db-instance-automated-backups-arn "$BACKUPS_ARN"`,
                  `--target-db-instance-identifier ${restored}`,
                  opts.restoreTime ? `--restore-time ${opts.restoreTime}` : "--use-latest-restorable-time",
                  ...placement,
              ].join(" "),
          };
    const steps: RunbookStep[] = [
        findSource,
        ...(lookUpGroups || lookUpParameters
            ? [
                  {
                      title: `Take the security groups and parameter group of ${partner}'s own ${names.dbIdentifier}`,
                      command: [
                          ...(lookUpGroups
                              ? [
                                    `DB_SECURITY_GROUPS=$(${describePartnerDb("DBInstances[0].VpcSecurityGroups[].VpcSecurityGroupId")})`,
                                    found(
                                        "DB_SECURITY_GROUPS",
                                        `${partner} runs no ${names.dbIdentifier}: pass --db-security-group`,
                                    ),
                                ]
                              : []),
                          ...(lookUpParameters
                              ? [
                                    `DB_PARAMETER_GROUP=$(${describePartnerDb("DBInstances[0].DBParameterGroups[0].DBParameterGroupName")})`,
                                    found(
                                        "DB_PARAMETER_GROUP",
                                        `${partner} runs no ${names.dbIdentifier}: pass --db-parameter-group`,
                                    ),
                                ]
                              : []),
                      ].join("\n"),
                  },
              ]
            : []),
        restore,
        {
            title: "Wait until it is available (typically tens of minutes, longer the more transaction log to replay)",
            command: waitFor(
                status,
                "available",
                ["failed", "incompatible-*", "storage-full", "inaccessible-encryption-credentials*"],
                restored,
            ),
        },
        {
            // The master password is in Secrets Manager of the lost region; RDS makes a new secret here.
            // RestoreDBInstanceToPointInTime manages it for Oracle only; ModifyDBInstance does for every engine.
            title: `Give ${restored} a master password secret in ${partner} (the lost region's secret is out of reach), and wait`,
            command: [
                `aws rds modify-db-instance ${r} --db-instance-identifier ${restored} --manage-master-user-password --apply-immediately`,
                "sleep 60",
                waitFor(status, "available", ["failed", "incompatible-*", "storage-full"], restored),
            ].join("\n"),
        },
        {
            title: "Print the restored endpoint and its master secret for the application's configuration",
            command: `aws rds describe-db-instances ${r} --db-instance-identifier ${restored} --query 'DBInstances[0].[Endpoint.Address,Endpoint.Port,MasterUserSecret.SecretArn]' --output table`,
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
                command: [
                    // COMPLETED, or AVAILABLE, which the AWS Backup API reference gives a recovery point that "was
                    // successfully created" and "is ready for use".
                    `RECOVERY_POINT=$(${single(
                        `aws backup list-recovery-points-by-backup-vault ${r} --backup-vault-name ${names.recoveryVault} --by-resource-arn arn:aws:s3:::${source}`,
                        "max_by(RecoveryPoints[?Status=='COMPLETED' || Status=='AVAILABLE'], &CreationDate).RecoveryPointArn",
                    )})`,
                    found("RECOVERY_POINT", `no completed copy of ${source} in ${names.recoveryVault} (${partner})`),
                ].join("\n"),
            },
            {
                title: `Create the restore target ${target}: private, versioned, SSE-KMS with the partner's replica key`,
                command: [
                    // us-east-1 is the one region CreateBucket takes no LocationConstraint for: "If you don't specify a
                    // Region, the bucket is created in the US East (N. Virginia) Region (us-east-1) by default."
                    `aws s3api create-bucket ${r} --bucket ${target}` +
                        (partner === "us-east-1" ? "" : ` --create-bucket-configuration LocationConstraint=${partner}`),
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
                title: "Restore the recovery point into it, and wait for the job (hours for a large bucket)",
                command: [
                    `RESTORE_JOB=$(aws backup start-restore-job ${r} --recovery-point-arn "$RECOVERY_POINT" --iam-role-arn ${opts.restoreRoleArn} ` +
                        `--resource-type S3 --metadata ${q(JSON.stringify({ DestinationBucketName: target, NewBucket: "false" }))} --query RestoreJobId --output text)`,
                    waitFor(
                        `aws backup describe-restore-job ${r} --restore-job-id "$RESTORE_JOB" --query Status --output text`,
                        "COMPLETED",
                        ["ABORTED", "FAILED"],
                        `restore job $RESTORE_JOB of ${target}`,
                    ),
                ].join("\n"),
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
        ...(o.dbFromVault ? ["--db-from-vault"] : []),
        `--db-subnet-group ${o.dbSubnetGroup}`,
        ...o.dbSecurityGroupIds.map((s) => `--db-security-group ${s}`),
        ...(o.dbParameterGroup ? [`--db-parameter-group ${o.dbParameterGroup}`] : []),
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
    let opts: RestoreOptions | "help";
    try {
        opts = parseRestoreCommandLine(argv);
    } catch (e) {
        if (!(e instanceof RestoreUsageError)) throw e;
        deps.err(`restore: ${e.message}\n\n${USAGE}\n`);
        return 2;
    }
    if (opts === "help") {
        deps.out(`${USAGE}\n`);
        return 0;
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
