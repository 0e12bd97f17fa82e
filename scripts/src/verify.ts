/**
 * `npm run verify -- [--regions r1,r2] [--profile NAME] [--endpoint-url URL] [--account ID]`
 *
 * With credentials for a deployed account, reads the live state through the AWS SDK and
 * reports, per region, whether each promise of the baseline holds (scripts/src/verify/checks.ts).
 * Exits 1 on any broken promise, naming it; 2 on bad arguments.
 */
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { BackupClient } from "@aws-sdk/client-backup";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { EC2Client } from "@aws-sdk/client-ec2";
import { GuardDutyClient } from "@aws-sdk/client-guardduty";
import { S3Client } from "@aws-sdk/client-s3";
import { SecurityHubClient } from "@aws-sdk/client-securityhub";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SNSClient } from "@aws-sdk/client-sns";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
    ACCOUNTS,
    AccountEntry,
    HOME_REGION,
    ORGANIZATION_MODE,
    REGIONS,
    Region,
    TOPOLOGY,
    isRegion,
    wrapText,
} from "@baseline/lib";
import { UsageError, parseCommandLine } from "./cli";
import { CheckResult, RegionClients, checkRegion } from "./verify/checks";
import { expectationsFor } from "./verify/expectations";

export const USAGE = `usage: npm run verify -- [--regions r1,r2] [--profile NAME] [--endpoint-url URL] [--account ID] [--rehearsal]

Reads the live state of a deployed baseline through the AWS SDK and reports, per region,
whether each promise holds: trail logging and delivery, Config recorder and delivery,
GuardDuty detector and protection plans, Security Hub standards (and the count of failed
controls), confirmed alarm subscriptions, the findings and backup-jobs rules and the findings
marker, replication with Replication Time Control, Object Lock and Vault Lock in compliance mode
(governance with --rehearsal), empty default security groups, an active flow log on every VPC,
the API's endpoint type and policy.
The partner regions of the regions checked are checked for their locked copy vault, and a
recovery-only partner region for its detection (recorder, GuardDuty, Security Hub, alarms, findings).
In organization mode (topology.yaml accounts) the account must be one of the topology's, and the
checks follow its part: the organization trail instead of the account's own (its locked bucket in
the log-archive account), and in the management, log-archive and security-tooling accounts no data
or API layer; only the account's own regions are checked.

options:
  --regions r1,r2      baseline regions to check (default: ${REGIONS.join(",")})
  --profile NAME       AWS shared-config profile (default: the SDK's credential chain: env, AWS_PROFILE, SSO, ...)
  --endpoint-url URL   send every call to this endpoint (an emulator, for testing); on this machine
                       (localhost, 127.x.x.x, ::1) without --profile or credentials in the environment,
                       calls are signed with dummy credentials, which an emulator does not check
  --account ID         the account the baseline is deployed in (default: the caller's, from STS)
  --rehearsal          the account holds a rehearsal (deploymentMode=rehearsal): expect removable
                       governance-mode locks instead of compliance mode
  -h, --help           this text`;

export interface VerifyArgs {
    readonly regions: readonly Region[];
    readonly profile?: string;
    readonly endpointUrl?: string;
    readonly account?: string;
    readonly rehearsal: boolean;
}

export function parseArgs(argv: readonly string[]): VerifyArgs | "help" {
    const { help, values } = parseCommandLine(argv, {
        regions: { type: "string" },
        profile: { type: "string" },
        "endpoint-url": { type: "string" },
        account: { type: "string" },
        rehearsal: { type: "boolean" },
    });
    if (help) return "help";
    const regions = values.regions === undefined ? [...REGIONS] : values.regions.split(",").map((r) => r.trim());
    const unknown = regions.filter((r) => !isRegion(r));
    if (unknown.length > 0 || regions.length === 0)
        throw new UsageError(
            `--regions ${values.regions}: ${unknown.join(", ") || "(empty)"} not a baseline region (one of ${REGIONS.join(", ")})`,
        );
    const endpoint = values["endpoint-url"];
    if (endpoint !== undefined) {
        let url: URL | undefined;
        try {
            url = new URL(endpoint);
        } catch {
            url = undefined;
        }
        if (!url || !["http:", "https:"].includes(url.protocol))
            throw new UsageError(`--endpoint-url ${endpoint}: an http:// or https:// URL, e.g. http://127.0.0.1:5000`);
    }
    if (values.account !== undefined && !/^\d{12}$/.test(values.account))
        throw new UsageError(`--account ${values.account}: a 12-digit AWS account id`);
    if (values.profile !== undefined && !/^[\w.+@-]+$/.test(values.profile))
        throw new UsageError(`--profile ${values.profile}: a profile name from ~/.aws/config (letters, digits, . _ + @ -)`);
    return {
        regions: [...new Set(regions)] as Region[],
        ...(values.profile !== undefined ? { profile: values.profile } : {}),
        ...(endpoint !== undefined ? { endpointUrl: endpoint } : {}),
        ...(values.account !== undefined ? { account: values.account } : {}),
        rehearsal: values.rehearsal === true,
    };
}

/** `localhost`, 127.0.0.0/8 or ::1: an endpoint on this machine. */
export function isLoopback(endpointUrl: string): boolean {
    const host = new URL(endpointUrl).hostname;
    return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Static dummy credentials for an emulator on this machine (moto's own convention, "testing"), when
 * --endpoint-url is a loopback address and neither --profile nor credentials in the environment are
 * given: the SDK signs every request and fails without any credentials, which an emulator does not
 * check, and real ones have no business there. Undefined otherwise (the SDK's credential chain).
 */
export function emulatorCredentials(
    args: VerifyArgs,
    env: NodeJS.ProcessEnv = process.env,
): { accessKeyId: string; secretAccessKey: string } | undefined {
    if (!args.endpointUrl || !isLoopback(args.endpointUrl) || args.profile) return undefined;
    if (env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE) return undefined;
    return { accessKeyId: "testing", secretAccessKey: "testing" };
}

function clientConfig(args: VerifyArgs, region: string) {
    const credentials = emulatorCredentials(args);
    return {
        region,
        ...(args.profile ? { profile: args.profile } : {}),
        ...(args.endpointUrl ? { endpoint: args.endpointUrl } : {}),
        ...(credentials ? { credentials } : {}),
        maxAttempts: 3,
    };
}

/** Where the credentials and calls of a run come from, for an error that must say which. */
function describeTarget(args: VerifyArgs, region: string): string {
    const credentials = args.profile
        ? `profile ${args.profile}`
        : emulatorCredentials(args)
          ? "dummy credentials for the emulator"
          : "the SDK's default credential chain";
    return [credentials, `region ${region}`, ...(args.endpointUrl ? [`endpoint ${args.endpointUrl}`] : [])].join(", ");
}

export function clientsFor(args: VerifyArgs, region: string): RegionClients {
    const c = clientConfig(args, region);
    return {
        cloudtrail: new CloudTrailClient(c),
        config: new ConfigServiceClient(c),
        guardduty: new GuardDutyClient(c),
        securityhub: new SecurityHubClient(c),
        sns: new SNSClient(c),
        eventbridge: new EventBridgeClient(c),
        sfn: new SFNClient(c),
        // An emulator serves buckets by path, not by virtual host.
        s3: new S3Client({ ...c, forcePathStyle: args.endpointUrl !== undefined }),
        backup: new BackupClient(c),
        ec2: new EC2Client(c),
        apigateway: new APIGatewayClient(c),
    };
}

export interface VerifyIo {
    readonly log: (line: string) => void;
    readonly error: (line: string) => void;
}

const CONSOLE: VerifyIo = { log: (l) => console.log(l), error: (l) => console.error(l) };

/**
 * The regions asked for that the account runs in (organization mode: its `regions` in topology.yaml; every
 * one for a single account), and those left out, which the run names and does not check.
 */
export function accountRegions(asked: readonly Region[], member?: AccountEntry): { regions: Region[]; left: Region[] } {
    const regions = member ? asked.filter((r) => member.regions.includes(r)) : [...asked];
    return { regions, left: asked.filter((r) => !regions.includes(r)) };
}

/** Runs the check; returns its exit code (0 every promise holds, 1 a promise is broken or unreadable, 2 bad arguments). */
export async function main(
    argv: readonly string[],
    io: VerifyIo = CONSOLE,
    /** Lets a test see each region's clients before they are used (an interceptor for a call an emulator lacks). */
    hooks: { onClients?: (clients: RegionClients, region: string) => void } = {},
): Promise<number> {
    let args: VerifyArgs;
    try {
        const parsed = parseArgs(argv);
        if (parsed === "help") {
            io.log(USAGE);
            return 0;
        }
        args = parsed;
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.error(`${wrapText(`verify: ${e.message}`, 100, "  ")}\n\n${USAGE}`);
        return 2;
    }
    // Credentials first, once: a profile that does not exist or has expired is one error naming it,
    // not the same failure under every check of every region.
    const sts = new STSClient(clientConfig(args, HOME_REGION));
    const target = describeTarget(args, HOME_REGION);
    try {
        await sts.config.credentials();
    } catch (e) {
        const profile = args.profile ?? (process.env.AWS_PROFILE || undefined);
        const fix = profile
            ? `check that profile ${profile}${args.profile ? "" : " (AWS_PROFILE)"} is in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles) ` +
              `and its credentials are current (aws sso login --profile ${profile})`
            : "pass --profile, or set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
        io.error(wrapText(`verify: cannot load credentials (${target}): ${(e as Error).message}; ${fix}`, 100, "  "));
        return 1;
    }
    let account = args.account;
    if (!account) {
        try {
            account = (await sts.send(new GetCallerIdentityCommand({}))).Account;
        } catch (e) {
            io.error(
                wrapText(
                    `verify: cannot tell which account to check (STS GetCallerIdentity with ${target}): ${(e as Error).message}; ` +
                        "pass --account, or credentials that can call it",
                    100,
                    "  ",
                ),
            );
            return 1;
        }
    }
    if (!account) {
        io.error("verify: STS returned no account id; pass --account");
        return 1;
    }
    // Organization mode: what the account runs follows from its part in the topology (lib/src/layers.ts).
    const member = ORGANIZATION_MODE ? ACCOUNTS.find((a) => a.id === account) : undefined;
    if (ORGANIZATION_MODE && !member) {
        io.error(
            wrapText(
                `verify: account ${account} is not one of the accounts of ${TOPOLOGY.file} ` +
                    `(${ACCOUNTS.map((a) => `${a.name} ${a.id}`).join(", ")}); in organization mode an account is checked by its part there`,
                100,
                "  ",
            ),
        );
        return 2;
    }
    const { regions, left } = accountRegions(args.regions, member);
    if (member && regions.length === 0) {
        io.error(`verify: account ${member.name} runs in ${member.regions.join(", ")} only, none of ${args.regions.join(", ")}`);
        return 2;
    }
    io.log(
        `verifying the baseline in account ${member ? `${member.name} (${account}, ${member.kind})` : account}` +
            `${args.endpointUrl ? ` at ${args.endpointUrl}` : ""}` +
            ` (deployment mode ${args.rehearsal ? "rehearsal" : "production"})` +
            (left.length > 0 ? `; not in ${left.join(", ")}, where the account runs nothing` : ""),
    );
    const results: CheckResult[] = [];
    for (const e of expectationsFor(regions, account, args.rehearsal ? "rehearsal" : "production", member)) {
        const clients = clientsFor(args, e.region);
        hooks.onClients?.(clients, e.region);
        const found = await checkRegion(clients, e);
        results.push(...found);
        io.log(
            `\n${e.region}${e.baseline ? "" : e.recorderName ? " (recovery-only region: detection and recovery copies)" : " (partner region: recovery copies)"}`,
        );
        for (const r of found) io.log(`  ${r.ok ? "ok    " : "BROKEN"} ${r.check}: ${r.detail}`);
    }
    const broken = results.filter((r) => !r.ok);
    io.log("");
    if (broken.length === 0) {
        io.log(`verify PASSED: ${results.length} check(s) hold in ${new Set(results.map((r) => r.region)).size} region(s)`);
        return 0;
    }
    io.log(`verify FAILED: ${broken.length} broken promise(s):`);
    for (const b of broken) io.log(`  ${b.region} ${b.check}: ${b.detail}`);
    return 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            console.error(`verify FAILED: ${(err as Error).message}`);
            process.exit(1);
        },
    );
}
