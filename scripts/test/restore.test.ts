/**
 * The restore runbook: its dry run prints exactly the commands a run executes,
 * for the partner region of the lost one, and bad arguments give one error.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { names } from "@baseline/lib";
import {
    RUNBOOK_DOC_FILE,
    RUNBOOK_EXAMPLE_ARGS,
    RUNBOOK_BEGIN,
    RUNBOOK_END,
    RestoreDeps,
    formatRunbook,
    main,
    parseRestoreArgs,
    restoreTimeProblem,
    RestoreUsageError,
    restoreSteps,
} from "../src/restore";

function harness(status = 0) {
    const out: string[] = [];
    const err: string[] = [];
    const scripts: string[] = [];
    const deps: RestoreDeps = {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        run: (s) => (scripts.push(s), status),
    };
    return { deps, out: () => out.join(""), err: () => err.join(""), scripts };
}

const ACCT = "123456789012";

describe("restore runbook", () => {
    it("--dry-run prints the commands for the partner region and runs nothing", () => {
        const h = harness();
        expect(main(["--region", "us-east-1", "--account", ACCT, "--dry-run"], h.deps)).toBe(0);
        expect(h.scripts).toEqual([]);
        const text = h.out();
        expect(text).toContain("# Restore us-east-1 in its partner region us-west-2");
        expect(text).toContain(
            `BACKUPS_ARN=$(aws rds describe-db-instance-automated-backups --region us-west-2 --query ` +
                `'max_by(DBInstanceAutomatedBackups[?Region=='\\''us-east-1'\\'' && DBInstanceIdentifier=='\\''${names.dbIdentifier}'\\'' && RestoreWindow.LatestTime], &RestoreWindow.LatestTime).DBInstanceAutomatedBackupsArn' --output json | tr -d '"')`,
        );
        expect(text).toContain(
            'aws rds restore-db-instance-to-point-in-time --region us-west-2 --source-db-instance-automated-backups-arn "$BACKUPS_ARN" ' +
                "--target-db-instance-identifier baseline-postgres-restored --use-latest-restorable-time " +
                '--db-subnet-group-name baseline-postgres-isolated --vpc-security-group-ids $DB_SECURITY_GROUPS --db-parameter-group-name "$DB_PARAMETER_GROUP" ' +
                "--no-publicly-accessible --multi-az --deletion-protection --enable-iam-database-authentication --copy-tags-to-snapshot",
        );
        // RestoreDBInstanceToPointInTime takes no KMS key: the replicated backups' key encrypts the instance.
        expect(text).not.toContain("--kms-key-id");
        expect(text).toContain("--manage-master-user-password --apply-immediately");
        expect(text).toContain(
            `aws s3api get-bucket-versioning --region us-west-2 --bucket ${names.replicaBucket(ACCT, "us-east-1")}`,
        );
        // Nothing is addressed to the lost region.
        const commands = text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
        expect(commands.filter((c) => c.startsWith("aws "))).toHaveLength(4);
        for (const c of commands) expect(c).not.toMatch(/--region us-east-1\b/);
    });

    it("a run executes exactly what the dry run prints, strict, and reports a failing command", () => {
        const args = ["--region", "us-west-2", "--account", ACCT, "--restore-time", "2026-01-31T23:45:00Z"];
        const dry = harness();
        main([...args, "--dry-run"], dry.deps);
        const ok = harness(0);
        expect(main(args, ok.deps)).toBe(0);
        expect(ok.scripts).toEqual([`set -euo pipefail\n${dry.out()}`]);
        expect(ok.out()).toContain("--restore-time 2026-01-31T23:45:00Z");
        expect(ok.out()).toContain("--region us-east-1");
        const failing = harness(254);
        expect(main(args, failing.deps)).toBe(1);
        expect(failing.err()).toContain("a command failed (exit 254)");
    });

    it("EU data is restored in the EU; a recovery-only partner needs a subnet group named", () => {
        const h = harness();
        expect(main(["--region", "eu-central-1", "--account", ACCT, "--dry-run"], h.deps)).toBe(2);
        expect(h.err()).toContain("--db-subnet-group is required: the partner region eu-west-1 holds only recovery targets");
        expect(h.err()).toContain("--db-security-group is required: the partner region eu-west-1 runs no baseline-postgres");
        const opts = parseRestoreArgs([
            "--region",
            "eu-central-1",
            "--account",
            ACCT,
            "--db-subnet-group",
            "dr-isolated",
            "--db-security-group",
            "sg-0123456789abcdef0",
        ]);
        const text = formatRunbook(opts);
        expect(text).toContain("--region eu-west-1 --source-db-instance-automated-backups-arn");
        expect(text).toContain("--db-subnet-group-name dr-isolated --vpc-security-group-ids sg-0123456789abcdef0");
        // No database of its own in eu-west-1 to take groups from: the named security group, RDS's default
        // parameter group unless one is named, and no lookup.
        expect(text).not.toContain("DB_SECURITY_GROUPS");
        expect(text).not.toContain("DB_PARAMETER_GROUP");
        expect(text).not.toContain("--db-parameter-group-name");
        expect(formatRunbook({ ...opts, dbParameterGroup: "dr-postgres17" })).toContain(
            "--db-parameter-group-name dr-postgres17",
        );
        for (const c of text.split("\n").filter((l) => l !== "" && !l.startsWith("#")))
            expect(c).not.toMatch(/--region (us-|eu-central-1)/);
    });

    it("--db-from-vault takes the database from the vault's latest copy, made before --restore-time when given", () => {
        const dbArn = `arn:aws:rds:us-east-1:${ACCT}:db:${names.dbIdentifier}`;
        const latest = restoreSteps(parseRestoreArgs(["--region", "us-east-1", "--account", ACCT, "--db-from-vault"]));
        expect(latest.map((st) => st.title).slice(0, 3)).toEqual([
            `Find the latest copy of ${names.dbIdentifier} (us-east-1) in ${names.recoveryVault} (us-west-2)`,
            `Take the security groups and parameter group of us-west-2's own ${names.dbIdentifier}`,
            "Restore the database in us-west-2 from that copy",
        ]);
        expect(latest[0].command).toContain(
            `aws backup list-recovery-points-by-backup-vault --region us-west-2 --backup-vault-name ${names.recoveryVault} --by-resource-arn ${dbArn} --query`,
        );
        expect(latest[2].command).toBe(
            "aws rds restore-db-instance-from-db-snapshot --region us-west-2 --db-instance-identifier baseline-postgres-restored " +
                '--db-snapshot-identifier "${SNAPSHOT_ARN#*:snapshot:}" --db-subnet-group-name baseline-postgres-isolated ' +
                '--vpc-security-group-ids $DB_SECURITY_GROUPS --db-parameter-group-name "$DB_PARAMETER_GROUP" ' +
                "--no-publicly-accessible --multi-az --deletion-protection --enable-iam-database-authentication --copy-tags-to-snapshot",
        );
        const all = latest.map((st) => st.command).join("\n");
        expect(all).not.toContain("automated-backups");
        expect(all).not.toContain("--by-created-before");
        const before = restoreSteps(
            parseRestoreArgs(
                ["--region", "us-east-1", "--account", ACCT, "--db-from-vault", "--restore-time", "2026-11-30T00:00:00Z"],
                new Date("2026-12-06T00:00:00Z"),
            ),
        );
        expect(before[0].title).toContain("made before 2026-11-30T00:00:00Z");
        expect(before[0].command).toContain(`--by-resource-arn ${dbArn} --by-created-before 2026-11-30T00:00:00Z --query`);
        expect(before.map((st) => st.command).join("\n")).not.toContain("--restore-time");
        expect(formatRunbook(parseRestoreArgs(["--region", "us-east-1", "--account", ACCT, "--db-from-vault"]))).toContain(
            "# generated by: npm run restore -- --region us-east-1 --account 123456789012 --db-from-vault ",
        );
    });

    it("--from-backup adds the restore of the latest vault copy into a new, locked-down bucket", () => {
        const role = `arn:aws:iam::${ACCT}:role/restore-operator`;
        const steps = restoreSteps(parseRestoreArgs(["--region", "us-east-1", "--account", ACCT, "--from-backup", role]));
        const at = steps.findIndex((st) => st.title.startsWith("Find the latest copy"));
        expect(steps.map((st) => st.title).slice(at)).toEqual([
            `Find the latest copy of ${names.dataBucket(ACCT, "us-east-1")} in ${names.recoveryVault} (us-west-2)`,
            `Create the restore target baseline-restored-${ACCT}-us-east-1: private, versioned, SSE-KMS with the partner's replica key`,
            "Restore the recovery point into it, and wait for the job (hours for a large bucket)",
        ]);
        expect(steps[at].command).toContain(
            `list-recovery-points-by-backup-vault --region us-west-2 --backup-vault-name ${names.recoveryVault} --by-resource-arn arn:aws:s3:::${names.dataBucket(ACCT, "us-east-1")}`,
        );
        expect(steps[at + 1].command).toContain("--create-bucket-configuration LocationConstraint=us-west-2");
        expect(steps[at + 1].command).toContain('"KMSMasterKeyID":"alias/baseline-replica"');
        expect(steps[at + 2].command).toContain(
            `aws backup start-restore-job --region us-west-2 --recovery-point-arn "$RECOVERY_POINT" --iam-role-arn ${role} --resource-type S3 ` +
                `--metadata '{"DestinationBucketName":"baseline-restored-${ACCT}-us-east-1","NewBucket":"false"}'`,
        );
        // us-east-1 is the one region S3 refuses as a LocationConstraint (a us-west-2 loss restores there).
        const west = restoreSteps(parseRestoreArgs(["--region", "us-west-2", "--account", ACCT, "--from-backup", role]));
        const create = west.find((st) => st.title.startsWith("Create the restore target"))!;
        expect(create.command).toContain(
            `aws s3api create-bucket --region us-east-1 --bucket baseline-restored-${ACCT}-us-west-2 &&`,
        );
        expect(create.command).not.toContain("LocationConstraint");
    });

    describe("the runbook as bash runs it, against a stand-in aws CLI", () => {
        /**
         * A stand-in `aws` on PATH that logs every call and answers the lookups the runbook makes, and a
         * `sleep` that returns at once: the runbook's own shell logic (guards, lookups, polling) runs for real.
         */
        function runWith(answers: {
            backups: string;
            status: string;
            partnerDb?: boolean;
            /** What the vault lists for the database (JSON output: null when nothing matched). */
            vaultCopy?: string;
            extraArgs?: string[];
        }) {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "restore-aws-"));
            const log = path.join(dir, "calls.log");
            fs.writeFileSync(
                path.join(dir, "aws"),
                [
                    "#!/usr/bin/env bash",
                    `echo "$*" >> ${JSON.stringify(log)}`,
                    'case "$*" in',
                    // JSON output: a string is quoted, nothing found is null.
                    `  *describe-db-instance-automated-backups*) echo ${JSON.stringify(JSON.stringify(answers.backups) ?? "null")} ;;`,
                    `  *list-recovery-points-by-backup-vault*) echo ${JSON.stringify(JSON.stringify(answers.vaultCopy) ?? "null")} ;;`,
                    "  *baseline-postgres-restored*DBInstanceStatus*) echo " + JSON.stringify(answers.status) + " ;;",
                    ...(answers.partnerDb === false
                        ? [
                              "  *--db-instance-identifier\\ baseline-postgres\\ *) echo 'An error occurred (DBInstanceNotFound)' >&2; exit 254 ;;",
                          ]
                        : [
                              "  *VpcSecurityGroups*) printf 'sg-0aaaaaaaaaaaaaaa1\\tsg-0bbbbbbbbbbbbbbb2\\n' ;;",
                              "  *DBParameterGroups*) echo baseline-postgres-postgres17 ;;",
                          ]),
                    "  *) echo '{}' ;;",
                    "esac",
                ].join("\n"),
                { mode: 0o755 },
            );
            fs.writeFileSync(path.join(dir, "sleep"), "#!/usr/bin/env bash\nexit 0\n", { mode: 0o755 });
            const err: string[] = [];
            const stderr: string[] = [];
            const code = main(["--region", "us-east-1", "--account", ACCT, ...(answers.extraArgs ?? [])], {
                out: () => undefined,
                err: (t) => err.push(t),
                run: (script) =>
                    ((r) => (stderr.push(r.stderr), r.status ?? 1))(
                        spawnSync("bash", ["-c", script], {
                            env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
                            encoding: "utf8",
                            stdio: ["ignore", "pipe", "pipe"],
                        }),
                    ),
            });
            const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
            fs.rmSync(dir, { recursive: true, force: true });
            return { code, calls, err: err.join(""), stderr: stderr.join("") };
        }
        const BACKUPS = `arn:aws:rds:us-west-2:${ACCT}:auto-backup:ab-0123456789abcdef`;

        it("restores from the latest replicated backups with the partner database's groups, then gives it a secret", () => {
            const { code, calls } = runWith({ backups: BACKUPS, status: "available" });
            expect(code).toBe(0);
            const restore = calls.find((c) => c.startsWith("rds restore-db-instance-to-point-in-time"))!;
            expect(restore).toContain(`--source-db-instance-automated-backups-arn ${BACKUPS}`);
            expect(restore).toContain("--vpc-security-group-ids sg-0aaaaaaaaaaaaaaa1 sg-0bbbbbbbbbbbbbbb2");
            expect(restore).toContain("--db-parameter-group-name baseline-postgres-postgres17");
            expect(calls.findIndex((c) => c.startsWith("rds modify-db-instance"))).toBeGreaterThan(calls.indexOf(restore));
            expect(calls.every((c) => c.includes("--region us-west-2"))).toBe(true);
        });

        it("stops before restoring anything when no replicated backups are found (the query gives null)", () => {
            const { code, calls, err, stderr } = runWith({ backups: undefined as unknown as string, status: "available" });
            expect(stderr).toContain("restore: no automated backups of baseline-postgres replicated from us-east-1 in us-west-2");
            expect(code).toBe(1);
            expect(err).toContain("a command failed");
            expect(calls.some((c) => c.includes("restore-db-instance-to-point-in-time"))).toBe(false);
        });

        it("a partner without its own database: the CLI's error, then the option to pass, and nothing restored", () => {
            const { code, calls, stderr } = runWith({ backups: BACKUPS, status: "available", partnerDb: false });
            expect(code).toBe(1);
            expect(stderr).toContain("DBInstanceNotFound");
            expect(stderr).toContain("restore: us-west-2 runs no baseline-postgres: pass --db-security-group");
            expect(calls.some((c) => c.includes("restore-db-instance-to-point-in-time"))).toBe(false);
        });

        const COPY = `arn:aws:rds:us-west-2:${ACCT}:snapshot:awsbackup:copyjob-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`;

        it("--db-from-vault restores the vault copy's snapshot by its id, with the same groups, then gives it a secret", () => {
            const { code, calls } = runWith({
                backups: BACKUPS,
                vaultCopy: COPY,
                status: "available",
                extraArgs: ["--db-from-vault"],
            });
            expect(code).toBe(0);
            expect(calls.some((c) => c.includes("describe-db-instance-automated-backups"))).toBe(false);
            const restore = calls.find((c) => c.startsWith("rds restore-db-instance-from-db-snapshot"))!;
            expect(restore).toContain(
                "--db-instance-identifier baseline-postgres-restored --db-snapshot-identifier awsbackup:copyjob-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b ",
            );
            expect(restore).toContain("--vpc-security-group-ids sg-0aaaaaaaaaaaaaaa1 sg-0bbbbbbbbbbbbbbb2");
            expect(restore).toContain("--db-parameter-group-name baseline-postgres-postgres17");
            expect(calls.findIndex((c) => c.startsWith("rds modify-db-instance"))).toBeGreaterThan(calls.indexOf(restore));
            expect(calls.every((c) => c.includes("--region us-west-2"))).toBe(true);
        });

        it.each<[string, string | undefined, string]>([
            [
                "no copy in the vault",
                undefined,
                "restore: no completed copy of baseline-postgres from us-east-1 in baseline-recovery (us-west-2)",
            ],
            [
                "a recovery point that is no RDS snapshot",
                `arn:aws:backup:us-west-2:${ACCT}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`,
                "is not an RDS snapshot",
            ],
            ["a snapshot in another region", COPY.replace("us-west-2", "us-east-1"), "is not an RDS snapshot"],
        ])("--db-from-vault stops before restoring anything on %s", (_, vaultCopy, message) => {
            const { code, calls, stderr } = runWith({
                backups: BACKUPS,
                vaultCopy,
                status: "available",
                extraArgs: ["--db-from-vault"],
            });
            expect(code).toBe(1);
            expect(stderr).toContain(message);
            expect(calls.some((c) => c.includes("restore-db-instance"))).toBe(false);
        });

        it("stops when the restored instance ends in a state it cannot leave", () => {
            const { code, calls } = runWith({ backups: BACKUPS, status: "incompatible-restore" });
            expect(code).toBe(1);
            expect(calls.some((c) => c.startsWith("rds modify-db-instance"))).toBe(false);
        });
    });

    it.each<[string[], RegExp]>([
        [["--account", ACCT], /--region must be one of us-east-1, us-west-2, eu-central-1, got null/],
        [["--region", "eu-west-1", "--account", ACCT], /--region must be one of .*got "eu-west-1"/],
        [["--region", "us-east-1"], /--account must be a 12-digit AWS account id/],
        [["--region", "us-east-1", "--account", ACCT, "--restore-time", "yesterday"], /--restore-time must be ISO 8601 UTC/],
        [
            ["--region", "us-east-1", "--account", ACCT, "--restore-time", "2024-13-45T00:00:00Z"],
            /--restore-time must be a real date and time .*got "2024-13-45T00:00:00Z"/,
        ],
        [
            ["--region", "us-east-1", "--account", ACCT, "--restore-time", "2999-01-01T00:00:00Z"],
            /--restore-time must not be in the future .*got "2999-01-01T00:00:00Z"/,
        ],
        [["--region", "us-east-1", "--account", ACCT, "--from-backup", "admin"], /--from-backup needs an IAM role ARN/],
        [["--region", "us-east-1", "--account", ACCT, "--force"], /unknown option --force \(known: --region, --account/],
        [["--region", "us-east-1", "--account", ACCT, "--account", "210987654321", "--dry-run"], /--account given twice/],
        [["--region", "us-east-1", "--region", "us-west-2", "--account", ACCT], /--region given twice/],
        [["--region", "us-east-1", "--account"], /--account needs a value/],
        [["--region", "us-east-1", "--account", ACCT, "us-west-2"], /unexpected argument us-west-2/],
    ])("refuses %j with one message and runs nothing", (argv, message) => {
        const h = harness();
        expect(main(argv, h.deps)).toBe(2);
        expect(h.err()).toMatch(message);
        expect(h.err().match(/^restore: /gm)).toHaveLength(1);
        expect(h.scripts).toEqual([]);
    });

    it("parses as every script does (scripts/src/cli.ts): -h and --help print the usage, --flag=value is a value", () => {
        for (const help of [["-h"], ["--help"], ["--region", "us-east-1", "-h"]]) {
            const h = harness();
            expect([main(help, h.deps), h.err(), h.scripts]).toEqual([0, "", []]);
            expect(h.out()).toMatch(/^usage: npm run restore/);
        }
        const h = harness();
        expect(main(["--region=us-east-1", `--account=${ACCT}`, "--dry-run"], h.deps)).toBe(0);
        expect(h.out()).toContain(`# Restore us-east-1 in its partner region us-west-2 (account ${ACCT})`);
        // --db-security-group is the one flag that may repeat: each value is a group.
        const sgs = parseRestoreArgs([
            "--region=us-east-1",
            `--account=${ACCT}`,
            "--db-security-group",
            "sg-0123456789abcdef0",
            "--db-security-group=sg-0fedcba9876543210",
        ]);
        expect(sgs.dbSecurityGroupIds).toEqual(["sg-0123456789abcdef0", "sg-0fedcba9876543210"]);
    });

    describe("--restore-time", () => {
        const NOW = new Date("2026-06-15T12:00:00Z");
        it.each([
            "2024-13-45T00:00:00Z",
            "2025-02-29T00:00:00Z", // 2025 is not a leap year
            "2026-04-31T10:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T23:60:00Z",
            "2026-01-01T23:59:60Z",
        ])("refuses the impossible date %s, which Date would roll over into another day", (t) => {
            expect(restoreTimeProblem(t, NOW)).toMatch(/must be a real date and time/);
            expect(() => parseRestoreArgs(["--region", "us-east-1", "--account", ACCT, "--restore-time", t], NOW)).toThrow(
                RestoreUsageError,
            );
        });
        it("refuses a time after now, one second is enough", () => {
            expect(restoreTimeProblem("2026-06-15T12:00:01Z", NOW)).toMatch(
                /must not be in the future \(now is 2026-06-15T12:00:00Z\)/,
            );
        });
        it("accepts real past times, leap days included, and now itself", () => {
            for (const t of ["2024-02-29T23:59:59Z", "2026-06-15T12:00:00Z", "2026-01-31T23:45:00.123Z"]) {
                expect(restoreTimeProblem(t, NOW)).toBeUndefined();
                expect(parseRestoreArgs(["--region", "us-east-1", "--account", ACCT, "--restore-time", t], NOW).restoreTime).toBe(
                    t,
                );
            }
        });
    });

    it("the docs give --from-backup its ROLE_ARN wherever they show npm run restore with it", () => {
        const root = path.join(__dirname, "../..");
        const pages = ["README.md", ...fs.readdirSync(path.join(root, "docs")).map((f) => `docs/${f}`)];
        const shown = pages.flatMap((page) =>
            fs
                .readFileSync(path.join(root, page), "utf8")
                .split("\n")
                .filter((l) => l.includes("--from-backup"))
                .map((l) => ({ page, value: /--from-backup(?:[ =]([^\s`\]|]+))?/.exec(l)?.[1] })),
        );
        expect(shown.length).toBeGreaterThan(1);
        for (const { page, value } of shown)
            expect([page, value]).toEqual([page, expect.stringMatching(/^(ROLE_ARN|arn:aws:iam::)/)]);
        expect(() => parseRestoreArgs(["--region", "us-east-1", "--account", ACCT, "--from-backup"], new Date())).toThrow(
            RestoreUsageError,
        );
    });

    it("the recovery doc's runbook is the script's output (regenerate it with the command in its marker when this fails)", () => {
        const doc = fs.readFileSync(path.join(__dirname, "../..", RUNBOOK_DOC_FILE), "utf8");
        const start = doc.indexOf(RUNBOOK_BEGIN);
        const end = doc.indexOf(RUNBOOK_END);
        expect(start).toBeGreaterThan(-1);
        const h = harness();
        main([...RUNBOOK_EXAMPLE_ARGS], h.deps);
        expect(doc.slice(start + RUNBOOK_BEGIN.length, end)).toBe(`\n\n\`\`\`sh\n${h.out().trimEnd()}\n\`\`\`\n\n`);
    });
});
