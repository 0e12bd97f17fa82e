/**
 * Pulumi Deployments for every stack of an organization, chained along the layer graph: each stack
 * gets DeploymentSettings (this repository's git, the layer's folder, OIDC credentials for its own
 * account, the workspace installed from package-lock.json), and each edge of the graph a deployment
 * webhook on the upstream stack that deploys the dependent stack when the upstream's update succeeds.
 */
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import { AccountEntry, StackInstance, accountByName } from "@baseline/lib";
import { DeploymentEdge, stackPath } from "./chain";

export interface DeploymentChainArgs {
    /** The Pulumi organization that owns the stacks (and this program's stack). */
    readonly organization: pulumi.Input<string>;
    readonly repoUrl: pulumi.Input<string>;
    readonly branch: pulumi.Input<string>;
    /** The role, in each stack's own account, that the deployment's OIDC token is exchanged for. */
    readonly oidcRoleName: string;
    /** `XhYmZs`. */
    readonly oidcSessionDuration: pulumi.Input<string>;
    readonly instances: readonly StackInstance[];
    readonly edges: readonly DeploymentEdge[];
}

/** The folder a layer's Pulumi.yaml lives in, relative to the repository root. */
export function layerFolder(instance: Pick<StackInstance, "layer">): string {
    return `stacks/${instance.layer}`;
}

/** The OIDC role of the account a stack lives in. */
export function oidcRoleArn(account: AccountEntry, roleName: string): string {
    return `arn:aws:iam::${account.id}:role/${roleName}`;
}

/**
 * Run before every deployment, from the repository root whatever folder the deployment starts in:
 * the layers are npm workspaces, so the lock file's install is at the root (the default per-folder
 * install is skipped), and the provider plugins are installed at the versions the lock file pins.
 */
export const PRE_RUN_COMMANDS: readonly string[] = [
    'cd "$(git rev-parse --show-toplevel)" && npm ci --no-audit --no-fund',
    'cd "$(git rev-parse --show-toplevel)" && npm run plugins',
];

export class DeploymentChain extends pulumi.ComponentResource {
    /** DeploymentSettings by `<project>/<stack>`. */
    public readonly settings: ReadonlyMap<string, pulumiservice.DeploymentSettings>;
    public readonly webhooks: readonly pulumiservice.Webhook[];

    constructor(name: string, args: DeploymentChainArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:deployments:DeploymentChain", name, {}, opts);
        const settings = new Map<string, pulumiservice.DeploymentSettings>();
        for (const instance of args.instances) {
            const account = instance.account === undefined ? undefined : accountByName(instance.account);
            if (!account) throw new Error(`${stackPath(instance)}: no account in the topology (organization mode only)`);
            settings.set(
                stackPath(instance),
                new pulumiservice.DeploymentSettings(
                    `${name}-${instance.layer}-${instance.stack}`,
                    {
                        organization: args.organization,
                        project: instance.project,
                        stack: instance.stack,
                        sourceContext: { git: { repoUrl: args.repoUrl, branch: args.branch, repoDir: layerFolder(instance) } },
                        operationContext: {
                            oidc: {
                                aws: {
                                    roleARN: oidcRoleArn(account, args.oidcRoleName),
                                    sessionName: "baseline-deployments",
                                    duration: args.oidcSessionDuration,
                                },
                            },
                            preRunCommands: [...PRE_RUN_COMMANDS],
                            options: {
                                skipInstallDependencies: true,
                                // A stack with several upstreams is triggered once per upstream: "whenever a
                                // deployment finishes Pulumi skips every queued deployment of the same type
                                // except the most recent one" (Pulumi Deployments, Skipping Intermediate
                                // Deployments), so a burst of triggers runs the stack once more, not once each.
                                skipIntermediateDeployments: true,
                            },
                        },
                    },
                    { parent: this },
                ),
            );
        }
        this.settings = settings;
        this.webhooks = args.edges.map(({ upstream, dependent }) => {
            const target = settings.get(stackPath(dependent));
            const source = settings.get(stackPath(upstream));
            if (!target || !source)
                throw new Error(`${stackPath(upstream)} -> ${stackPath(dependent)}: both stacks need deployment settings`);
            return new pulumiservice.Webhook(
                `${name}-${upstream.layer}-${upstream.stack}-to-${dependent.layer}-${dependent.stack}`,
                {
                    organizationName: args.organization,
                    projectName: upstream.project,
                    stackName: upstream.stack,
                    // A deployment webhook's payload URL is the stack to deploy, `<project>/<stack>`, in the same organization.
                    format: pulumiservice.WebhookFormat.PulumiDeployments,
                    payloadUrl: stackPath(dependent),
                    filters: [pulumiservice.WebhookFilters.UpdateSucceeded],
                    active: true,
                    displayName: `deploy ${stackPath(dependent)}`,
                },
                // A deployment can only be created for a stack that has deployment settings.
                { parent: this, dependsOn: [source, target] },
            );
        });
        this.registerOutputs({});
    }
}
