/**
 * `npm run gen:org-ci [-- --check] [-- --out FILE]` (entry: gen-org-ci.ts): the GitHub Actions workflow that deploys an
 * organization (topology.yaml `accounts`) across machines: one job per account, in the order the
 * layer graph puts the accounts in (management, log-archive, security-tooling, then the workload
 * accounts side by side through a matrix), each job running its account's layers one wave after
 * another through the deploy script (`npm run deploy -- up --accounts <account> --layers <layer>`).
 *
 * With no `accounts` section (a single account, deployed by deploy.yml) there is nothing to
 * generate: the command writes nothing, and `--check` passes as long as no organization workflow is
 * left behind from an earlier topology.
 *
 *   --check      write nothing; exit 1 when FILE is stale, missing, or should not exist
 *   --out FILE   where the workflow goes (default .github/workflows/organization.yml)
 *
 * The topology is the one @baseline/lib loads (topology.yaml, or $BASELINE_TOPOLOGY).
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import {
    ACCOUNTS,
    AccountEntry,
    HOME_REGION,
    LAYERS,
    LayerName,
    ORGANIZATION_MODE,
    REGIONS,
    TOPOLOGY,
    WORKLOAD_ACCOUNTS,
    activeLayers,
    instancesOf,
} from "@baseline/lib/src/facts";
import { UsageError, checkOutputFile, generatorArgs, generatorUsage, shownPath } from "./cli";
import { REPO_ROOT } from "./plugins";

export const WORKFLOW_FILE = path.join(REPO_ROOT, ".github", "workflows", "organization.yml");

/**
 * Workload accounts deployed at the same time (`strategy.max-parallel`). Each job runs up to
 * STACKS_PER_JOB stack operations against AWS and Pulumi Cloud; four accounts at once keeps a run of
 * tens of accounts well inside a GitHub organization's concurrent-job allowance and the AWS APIs'
 * per-account request rates (every job calls from its own account), while a wave of accounts still
 * finishes in about the time one account takes.
 */
export const MAX_PARALLEL_ACCOUNTS = 4;

/** Stack operations at once inside one job: the deploy script's own default (one per baseline region). */
export const STACKS_PER_JOB = REGIONS.length;

/**
 * The command that prints the Pulumi CLI version package-lock.json pins, as deploy.yml runs it: the
 * job installs the same CLI the engine-level run proves.
 */
export const VERSIONS_STEP_RUN = `echo "pulumi=$(node -p "require('./package-lock.json').packages['node_modules/@pulumi/pulumi'].version")" >> "$GITHUB_OUTPUT"`;

/** One workflow-wide group shared with deploy.yml: two deploys of the same stacks never overlap. */
export const WORKFLOW_CONCURRENCY_GROUP = "deploy-production";

/** The concurrency group of an account's job: a second run's job for the same account waits for the first. */
export function accountConcurrencyGroup(account: string): string {
    return `baseline-account-${account}`;
}

/**
 * The layers that have stacks in `account`, in dependency order: one wave (one workflow step) each.
 * `own`: only the layers of the account's kind (an organization account's own layer), or only the
 * layers that run in every account (`every`: global-iam and security); unset, both.
 */
export function layersOfAccount(account: AccountEntry, own?: "kind" | "every"): LayerName[] {
    return activeLayers().filter((layer) => {
        const where = LAYERS[layer].account;
        const matches =
            own === "kind"
                ? where === account.kind
                : own === "every"
                  ? where === "every"
                  : where === account.kind || where === "every";
        return matches && instancesOf(layer).some((i) => i.account === account.name);
    });
}

/** The matrix job of the workload accounts. */
export const WORKLOAD_JOB = "workloads";
/**
 * The matrix job that runs the every-account layers (global-iam, security) in the organization's own
 * accounts. Their security stacks read the log-archive and security-tooling stacks, so it starts once
 * the security-tooling job is done, beside the workload accounts' job.
 */
export const ORGANIZATION_ACCOUNTS_JOB = "organization-accounts";

type Step = Record<string, unknown>;
type Job = Record<string, unknown>;

/** What every deploying job does before its waves: deploy.yml's set-up, credentials through OIDC only. */
function setupSteps(sessionAccount: string): Step[] {
    return [
        { uses: "actions/checkout@v4" },
        { uses: "actions/setup-node@v4", with: { "node-version": 22, cache: "npm" } },
        { run: "npm ci" },
        {
            id: "versions",
            name: "The Pulumi CLI version package-lock.json pins (the one the engine-level run proves)",
            run: VERSIONS_STEP_RUN,
        },
        { uses: "pulumi/actions@v6", with: { "pulumi-version": "${{ steps.versions.outputs.pulumi }}" } },
        {
            name: "Pulumi Cloud access through OIDC token exchange (no stored token)",
            uses: "pulumi/auth-actions@v1",
            with: {
                organization: "${{ vars.PULUMI_ORG }}",
                "requested-token-type": "urn:pulumi:token-type:access_token:organization",
            },
        },
        { name: "Provider plugins at the versions package-lock.json pins", run: "npm run plugins" },
        {
            uses: "aws-actions/configure-aws-credentials@v4",
            with: {
                "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}",
                "role-session-name": `baseline-deploy-${sessionAccount}-\${{ github.run_id }}`,
                "aws-region": HOME_REGION,
                "role-duration-seconds": 3600,
            },
        },
        { run: "npm run build -w policy-pack" },
    ];
}

/** One step per wave: the account's stacks of one layer, their regions in parallel, the policy pack attached. */
function waveSteps(layers: readonly LayerName[], accountRef: string): Step[] {
    return layers.map((layer, i) => ({
        name: `Wave ${i + 1}/${layers.length}: ${layer}`,
        env: { PULUMI_ORG: "${{ vars.PULUMI_ORG }}", ACCOUNT: accountRef },
        run: `npm run deploy -- up --yes --accounts "$ACCOUNT" --layers ${layer} --parallel ${STACKS_PER_JOB}`,
    }));
}

function deployJob(opts: {
    name: string;
    needs: string;
    group: string;
    sessionAccount: string;
    steps: Step[];
    extra?: Job;
}): Job {
    return {
        name: opts.name,
        needs: opts.needs,
        "runs-on": "ubuntu-latest",
        "timeout-minutes": 180,
        environment: "production",
        permissions: { contents: "read", "id-token": "write" },
        concurrency: { group: opts.group, "cancel-in-progress": false },
        ...(opts.extra ?? {}),
        steps: [...setupSteps(opts.sessionAccount), ...opts.steps],
    };
}

/**
 * One job that runs the same waves for several accounts, a matrix over their names. Their layer lists
 * must agree: one job cannot run two lists.
 */
function matrixJob(opts: {
    name: string;
    accounts: readonly AccountEntry[];
    layersOf: (account: AccountEntry) => LayerName[];
    needs: string;
    maxParallel?: number;
}): Job {
    const lists = opts.accounts.map((a) => ({ account: a.name, layers: opts.layersOf(a) }));
    const differ = lists.find((l) => l.layers.join(",") !== lists[0].layers.join(","));
    if (differ) {
        throw new Error(
            `${opts.name} accounts ${lists[0].account} and ${differ.account} run different layers ` +
                `(${lists[0].layers.join(", ")} / ${differ.layers.join(", ")}); one matrix job cannot run both`,
        );
    }
    return deployJob({
        name: `${opts.name}: \${{ matrix.account }}`,
        needs: opts.needs,
        group: accountConcurrencyGroup("${{ matrix.account }}"),
        sessionAccount: "${{ matrix.account }}",
        extra: {
            strategy: {
                // One account's failure must not cancel the others halfway through their stacks.
                "fail-fast": false,
                ...(opts.maxParallel === undefined ? {} : { "max-parallel": opts.maxParallel }),
                matrix: { account: opts.accounts.map((a) => a.name) },
            },
        },
        steps: waveSteps(lists[0].layers, "${{ matrix.account }}"),
    });
}

/** The workflow as an object (jobs in dependency order), or undefined for a single account. */
export function organizationWorkflow(): Record<string, unknown> | undefined {
    if (!ORGANIZATION_MODE) return undefined;
    const jobs: Record<string, Job> = { checks: { uses: "./.github/workflows/checks.yml" } };
    let previous = "checks";
    const organizationAccounts = ACCOUNTS.filter((a) => a.kind !== "workload");
    for (const account of organizationAccounts) {
        const id = account.kind;
        jobs[id] = deployJob({
            name: `${account.kind}: ${account.name} (${account.id})`,
            needs: previous,
            group: accountConcurrencyGroup(account.name),
            sessionAccount: account.name,
            steps: waveSteps(layersOfAccount(account, "kind"), account.name),
        });
        previous = id;
    }
    // The organization's own accounts run the every-account layers too (each has every baseline region),
    // in one matrix job; the workload accounts start at the same time.
    jobs[ORGANIZATION_ACCOUNTS_JOB] = matrixJob({
        name: "organization account",
        accounts: organizationAccounts,
        layersOf: (a) => layersOfAccount(a, "every"),
        needs: previous,
    });
    // The topology makes every workload include the home region, so every baseline layer has a stack there.
    jobs[WORKLOAD_JOB] = matrixJob({
        name: "workload",
        accounts: WORKLOAD_ACCOUNTS,
        layersOf: (a) => layersOfAccount(a),
        needs: previous,
        maxParallel: Math.min(MAX_PARALLEL_ACCOUNTS, WORKLOAD_ACCOUNTS.length),
    });
    return {
        name: "organization",
        on: { push: { branches: ["main"] }, workflow_dispatch: {} },
        permissions: { contents: "read" },
        concurrency: { group: WORKFLOW_CONCURRENCY_GROUP, "cancel-in-progress": false },
        jobs,
    };
}

function header(): string {
    const order = [
        ...ACCOUNTS.filter((a) => a.kind !== "workload").map((a) => a.name),
        "the workload accounts, beside global-iam and security in those three",
    ].join(" -> ");
    return [
        `# Generated by \`npm run gen:org-ci\` from ${path.relative(REPO_ROOT, TOPOLOGY.file) || TOPOLOGY.file}: do not edit (CI fails when stale).`,
        "#",
        `# Deploys the organization across machines, one job per account: ${order}`,
        `# (at most ${MAX_PARALLEL_ACCOUNTS} workload accounts at a time; one account's failure does not stop the others).`,
        "# Inside a job, the deploy script runs the account's layers one wave per step, each layer's",
        `# regions in parallel (--parallel ${STACKS_PER_JOB}), and reaches the account by assuming its deploy role`,
        "# (the stack files' aws:assumeRoles). Each account's job has its own concurrency group, and the",
        `# whole run shares \`${WORKFLOW_CONCURRENCY_GROUP}\` with deploy.yml: no stack is ever deployed twice at once.`,
        "#",
        "# Repository configuration (Settings > Secrets and variables > Actions > Variables), as for deploy.yml:",
        "#   PULUMI_ORG           Pulumi organization that owns the stacks (OIDC issuer registered, see deploy.yml)",
        "#   AWS_DEPLOY_ROLE_ARN  IAM role trusted for GitHub OIDC tokens of this repository's `production`",
        "#                        environment, allowed to assume each account's deploy role (docs/organization-ci.md)",
        "",
    ].join("\n");
}

/** The workflow file's text, laid out as Prettier lays it out; undefined for a single account. */
export async function renderOrganizationWorkflow(): Promise<string | undefined> {
    const wf = organizationWorkflow();
    if (wf === undefined) return undefined;
    const body = yaml.dump(wf, { lineWidth: -1, noRefs: true, quotingType: '"' });
    const text = header() + body;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- prettier 3's CommonJS entry, loaded only here
    const prettier = require("prettier") as typeof import("prettier");
    const options = (await prettier.resolveConfig(WORKFLOW_FILE)) ?? {};
    return prettier.format(text, { ...options, parser: "yaml" });
}

export interface OrgCiResult {
    readonly code: number;
    readonly lines: string[];
}

export const USAGE = generatorUsage(
    "gen:org-ci",
    "Writes the GitHub Actions workflow that deploys the organization of topology.yaml ($BASELINE_TOPOLOGY)\n" +
        "across machines, one job per account; with no accounts (a single account) it writes nothing, and\n" +
        "--check fails when an organization workflow is left behind.",
    [{ flag: "--out FILE", help: "where the workflow goes (default .github/workflows/organization.yml)" }],
);

export async function main(argv: readonly string[]): Promise<OrgCiResult> {
    const parsed = generatorArgs(argv, "gen:org-ci", USAGE, { out: { type: "string" } });
    if ("code" in parsed) return { code: parsed.code, lines: [...parsed.lines] };
    try {
        if (parsed.values.out !== undefined) checkOutputFile("--out", parsed.values.out);
    } catch (e) {
        if (e instanceof UsageError) return { code: 2, lines: [`gen:org-ci: ${e.message}`, "", USAGE] };
        throw e;
    }
    const file = path.resolve(parsed.values.out ?? WORKFLOW_FILE);
    // --out as given when it is outside the working folder (path.relative would climb out of the repository).
    const rel = shownPath(parsed.values.out ?? WORKFLOW_FILE);
    const text = await renderOrganizationWorkflow();
    const existing = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    if (text === undefined) {
        const where = path.relative(REPO_ROOT, TOPOLOGY.file) || TOPOLOGY.file;
        if (existing !== undefined)
            return {
                code: 1,
                lines: [
                    `${rel}: ${where} declares no accounts (a single account, deployed by deploy.yml), ` +
                        `so there is no organization to deploy: delete ${rel}`,
                ],
            };
        return { code: 0, lines: [`${where} declares no accounts: no organization workflow to generate (${rel} not written)`] };
    }
    if (parsed.check) {
        if (existing === text) return { code: 0, lines: [`${rel}: up to date`] };
        return {
            code: 1,
            lines: [`${rel}: ${existing === undefined ? "missing" : "stale"}: run npm run gen:org-ci`],
        };
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (existing !== text) fs.writeFileSync(file, text);
    return { code: 0, lines: [`${rel}: ${existing === text ? "unchanged" : "written"}`] };
}
