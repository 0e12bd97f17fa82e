/**
 * Argument parsing for `npm run deploy`. Every mistake is a `UsageError` that
 * names the bad value and what is allowed, found before anything runs.
 */
import {
    ACCOUNTS,
    activeLayers,
    isRegion,
    LayerName,
    ORGANIZATION_MODE,
    Region,
    REGIONS,
    TOPOLOGY,
} from "@baseline/lib/src/facts";
import { UsageError, checkOutputFile, parseCommandLine, wholeNumberFlag } from "../cli";
import { DeployOptions, OPERATIONS, Operation, dataLayers } from "./plan";

export const USAGE = `usage: npm run deploy -- <${OPERATIONS.join("|")}> [options]

Runs the operation on every stack of the baseline by the layer graph: a stack
starts as soon as the stacks it reads succeeded (global-iam first, then each
regional layer's regions, and in organization mode every account side by side),
at most --parallel at a time, with the policy pack attached to every preview and up.
A failed stack skips only the stacks that depend on it. \`drift\` reads every stack's resources from
the cloud and compares them with the state, writing nothing
(pulumi refresh --preview-only --expect-no-changes); it exits 1 on any drift.
Stack files are read, never written: aws:region comes from Pulumi.<stack>.yaml, and in
organization mode so does aws:assumeRoles, the deploy role of the stack's account that
the provider assumes (npm run stacks writes both).

Ctrl-C once: running stacks stop cleanly (the CLI finishes the resource
operations in flight, saves the state and releases the lock), nothing new
starts, and the summary says what finished and how to resume (exit 130).
Ctrl-C twice: stop at once.

options:
  --layers a,b              only these layers (${activeLayers().join(", ")}); order comes from the layer graph;
                            destroy refuses a layer that a stack it leaves in place reads
  --regions r1,r2           only these regions (${REGIONS.join(", ")}) and what they need: global-iam in
                            its home region, their partner regions' recovery and security stacks; destroy
                            keeps, and names, every stack that a region not named still uses
  --accounts a,b            organization mode: only these accounts' stacks (${ORGANIZATION_MODE ? ACCOUNTS.map((a) => a.name).join(", ") : "none: topology.yaml declares no accounts"}); default all
  --parallel N              at most N stack operations at a time (default ${REGIONS.length})
  --org NAME                Pulumi organization (default: $PULUMI_ORG); stacks become NAME/<stack>,
                            and StackReferences resolve in the same organization
  --policy-pack DIR         the policy pack folder for preview and up (default: policy-pack, built
                            with npm run build -w policy-pack; or an unpacked, installed pack tarball)
  --policy-pack-config F    policy pack config JSON file for preview and up
  --secrets-provider P      preview/up: the secrets provider of each stack the run creates, as pulumi
                            stack init takes it: default, passphrase, or a key URL (awskms://,
                            azurekeyvault://, gcpkms://, hashivault://); a stack that exists keeps its own
  --rehearsal               preview/up: deploymentMode=rehearsal on the security, recovery and data stacks
                            (S3 Object Lock GOVERNANCE, Vault Lock in governance mode: a sandbox account's
                            deploy that can be destroyed). The stack files must say so (deploymentMode:
                            rehearsal): the flag confirms them and never writes them; without it, preview
                            and up refuse a stack file in rehearsal mode
  --summary-json F          also write the per-stack results as JSON to F (the pull-request
                            comment reads it: npm run pr-comment)
  --dry-run                 print the stacks, what each waits for (its account in organization mode)
                            and the exact Pulumi operations; touch nothing
  --yes                     do not ask before up, refresh or destroy (required without a terminal)
  --allow-data-destruction  destroy: allow layers that hold data or keys (${dataLayers().join(", ")})
  --exclude-protected       destroy: leave protected resources in place instead of failing on them
  -h, --help                this text`;

export { UsageError };

export type ParsedArgs = { readonly help: true } | { readonly help: false; readonly options: DeployOptions };

const FLAGS = {
    layers: { type: "string" },
    regions: { type: "string" },
    accounts: { type: "string" },
    parallel: { type: "string" },
    org: { type: "string" },
    "policy-pack": { type: "string" },
    "policy-pack-config": { type: "string" },
    "secrets-provider": { type: "string" },
    "summary-json": { type: "string" },
    "dry-run": { type: "boolean" },
    yes: { type: "boolean" },
    "allow-data-destruction": { type: "boolean" },
    "exclude-protected": { type: "boolean" },
    rehearsal: { type: "boolean" },
} as const;

/**
 * The key services of `pulumi stack init --secrets-provider` besides `default` and `passphrase`
 * (the CLI's "supported values", pkg/secrets/cloud: gocloud.dev's keepers).
 */
const SECRETS_PROVIDER_SCHEMES = ["awskms", "azurekeyvault", "gcpkms", "hashivault"] as const;

function isSecretsProvider(value: string): boolean {
    if (value === "default" || value === "passphrase") return true;
    const m = /^([a-z]+):\/\/(\S+)$/.exec(value);
    return m !== null && (SECRETS_PROVIDER_SCHEMES as readonly string[]).includes(m[1]);
}

/** A Pulumi organization name, as `upstreamOrg` validates it in lib/src/config.ts. */
const ORG_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
    const parsed = parseCommandLine(argv, FLAGS, { positionals: true });
    if (parsed.help) return { help: true };
    const positional = parsed.positionals;
    const v = parsed.values;
    const values = new Map<string, string>(
        (
            [
                "layers",
                "regions",
                "accounts",
                "parallel",
                "org",
                "policy-pack",
                "policy-pack-config",
                "secrets-provider",
                "summary-json",
            ] as const
        ).flatMap((k) => (v[k] !== undefined ? [[`--${k}`, v[k] as string] as [string, string]] : [])),
    );
    const flags = new Set<string>(
        (["dry-run", "yes", "allow-data-destruction", "exclude-protected", "rehearsal"] as const)
            .filter((k) => v[k] === true)
            .map((k) => `--${k}`),
    );

    if (positional.length === 0) throw new UsageError(`missing operation: one of ${OPERATIONS.join(", ")}`);
    if (positional.length > 1) throw new UsageError(`one operation at a time, got ${positional.join(", ")}`);
    const op = positional[0];
    if (!(OPERATIONS as readonly string[]).includes(op)) {
        throw new UsageError(`unknown operation "${op}": one of ${OPERATIONS.join(", ")}`);
    }
    const operation = op as Operation;

    // The layers that have stacks: the organization's own only in organization mode.
    const known = activeLayers();
    const layers = parseList<LayerName>(values.get("--layers"), "layer", known, (v): v is LayerName =>
        (known as readonly string[]).includes(v),
    );
    const regions = parseList<Region>(values.get("--regions"), "region", REGIONS, isRegion);
    const accountsText = values.get("--accounts");
    if (accountsText !== undefined && !ORGANIZATION_MODE) {
        throw new UsageError(
            `--accounts needs organization mode, and ${TOPOLOGY.file} has no accounts section: the baseline covers the one account the credentials reach`,
        );
    }
    const names = ACCOUNTS.map((a) => a.name);
    const accounts =
        accountsText === undefined
            ? undefined
            : parseList<string>(accountsText, "account", names, (v): v is string => names.includes(v));

    const parallel = wholeNumberFlag("--parallel", values.get("--parallel"), REGIONS.length, 64);

    const org = values.get("--org") ?? (env.PULUMI_ORG || undefined);
    if (org !== undefined && !ORG_NAME.test(org)) {
        throw new UsageError(`${values.has("--org") ? "--org" : "PULUMI_ORG"} "${org}" is not a Pulumi organization name`);
    }

    if (operation !== "destroy") {
        for (const f of ["--allow-data-destruction", "--exclude-protected"] as const) {
            if (flags.has(f)) throw new UsageError(`${f} only applies to destroy`);
        }
    }
    if (flags.has("--rehearsal") && operation !== "preview" && operation !== "up") {
        throw new UsageError(
            "--rehearsal only applies to preview and up (it confirms the stack files' deploymentMode; destroy and refresh use what the stacks have)",
        );
    }
    for (const f of ["--policy-pack", "--policy-pack-config"] as const) {
        if (values.has(f) && operation !== "preview" && operation !== "up") {
            throw new UsageError(`${f} only applies to preview and up (the policy pack runs on those)`);
        }
    }
    // Checked now, not after every stack ran: the results would be lost.
    const summaryJson = values.get("--summary-json");
    if (summaryJson !== undefined) checkOutputFile("--summary-json", summaryJson);
    const secretsProvider = values.get("--secrets-provider");
    if (secretsProvider !== undefined) {
        if (operation !== "preview" && operation !== "up") {
            throw new UsageError("--secrets-provider only applies to preview and up (the operations that create stacks)");
        }
        if (!isSecretsProvider(secretsProvider)) {
            throw new UsageError(
                `--secrets-provider "${secretsProvider}" is not one the Pulumi CLI takes: default, passphrase, or a key URL ` +
                    `${SECRETS_PROVIDER_SCHEMES.map((s) => `${s}://...`).join(", ")}`,
            );
        }
    }

    return {
        help: false,
        options: {
            op: operation,
            layers,
            regions,
            ...(accounts ? { accounts } : {}),
            parallel,
            dryRun: flags.has("--dry-run"),
            yes: flags.has("--yes"),
            ...(org !== undefined ? { org } : {}),
            allowDataDestruction: flags.has("--allow-data-destruction"),
            excludeProtected: flags.has("--exclude-protected"),
            ...(values.has("--policy-pack") ? { policyPack: values.get("--policy-pack") } : {}),
            ...(values.has("--policy-pack-config") ? { policyPackConfig: values.get("--policy-pack-config") } : {}),
            ...(flags.has("--rehearsal") ? { rehearsal: true } : {}),
            ...(values.has("--summary-json") ? { summaryJson: values.get("--summary-json") } : {}),
            ...(secretsProvider !== undefined ? { secretsProvider } : {}),
        },
    };
}

function parseList<T extends string>(
    text: string | undefined,
    what: string,
    known: readonly T[],
    isKnown: (v: string) => v is T,
): T[] {
    if (text === undefined) return [...known];
    const items = text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    const unknown = items.filter((s) => !isKnown(s));
    if (unknown.length > 0) {
        throw new UsageError(
            `unknown ${what}${unknown.length === 1 ? "" : "s"} ${unknown.map((u) => `"${u}"`).join(", ")} (known: ${known.join(", ")})`,
        );
    }
    if (items.length === 0) throw new UsageError(`--${what}s needs at least one ${what}`);
    // Keep the canonical order and drop duplicates: the graph, not the command line, decides order.
    return known.filter((k) => items.includes(k));
}
