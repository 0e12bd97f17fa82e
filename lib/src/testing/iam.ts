/**
 * Least privilege, tested: evaluates generated IAM documents with a maintained
 * IAM policy simulator (@cloud-copilot/iam-simulate) rather than a hand-written
 * evaluator. The simulator also validates actions, resource ARNs and condition
 * keys, so a misspelt action fails the test instead of passing silently.
 */
import { anonymousPrincipal, runSimulation } from "@cloud-copilot/iam-simulate";

/** The `principal` of an unsigned request: no credentials at all. */
export const ANONYMOUS = "anonymous" as const;

export interface PolicyDocument {
    Version?: string;
    Statement: unknown[] | unknown;
}

export interface SimulationRequest {
    /** ARN of the calling principal, a service principal (`logs.amazonaws.com`), an account id, or ANONYMOUS (unsigned). */
    readonly principal: string;
    readonly action: string;
    /** ARN of the resource acted on. */
    readonly resource: string;
    /** Account that owns the resource (default: the principal's, or 123456789012). */
    readonly resourceAccount?: string;
    /** Request context keys, e.g. `{ "aws:SecureTransport": "false" }`. */
    readonly context?: Record<string, string | string[]>;
    /** Policies attached to the principal (identity policies). */
    readonly identityPolicies?: readonly (PolicyDocument | string)[];
    /** The resource's policy: bucket policy, key policy, trust policy, API resource policy. */
    readonly resourcePolicy?: PolicyDocument | string;
    /** The policy of the VPC endpoint the request passes through, if any. */
    readonly endpointPolicy?: PolicyDocument | string;
    /**
     * Service control policies of the principal's account, root first, the account last. SCPs
     * limit only principals of member accounts: none for the management account, a service
     * principal or an unsigned request (the simulation refuses them there).
     */
    readonly serviceControlPolicies?: readonly OrganizationPolicyLevel[];
    /** Resource control policies of the resource's account, root first, the account last (RCPFullAWSAccess is implied). */
    readonly resourceControlPolicies?: readonly OrganizationPolicyLevel[];
}

/**
 * The organization policies (SCPs or RCPs) of one level of the organization tree: the root, an OU,
 * or the account itself. AWS evaluates every level on the path from the root to the account, and a
 * request passes a level only when some policy there allows it, so each level needs an Allow
 * (AWS attaches FullAWSAccess to every SCP target; the simulator adds RCPFullAWSAccess itself).
 */
export interface OrganizationPolicyLevel {
    /** The root (`r-...`), OU (`ou-...`) or account id the policies are attached to. */
    readonly target: string;
    readonly policies: readonly (PolicyDocument | string)[];
}

/** The SCP AWS attaches to every root, OU and account by default: lets every action through SCP evaluation (grants nothing). */
export const FULL_AWS_ACCESS_SCP: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

export type SimulationResult = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

const doc = (p: PolicyDocument | string): PolicyDocument => (typeof p === "string" ? (JSON.parse(p) as PolicyDocument) : p);

const orgLevels = (levels: readonly OrganizationPolicyLevel[] | undefined, kind: string) =>
    (levels ?? []).map((level) => ({
        orgIdentifier: level.target,
        policies: level.policies.map((p, i) => ({ name: `${kind}-${level.target}-${i}`, policy: doc(p) })),
    }));

const isServicePrincipal = (principal: string): boolean => /\.amazonaws\.com(\.cn)?$/.test(principal);

/** The simulator's decision for one request; throws when the simulator rejects the request or a policy as invalid. */
export async function simulate(req: SimulationRequest): Promise<SimulationResult> {
    if ((req.serviceControlPolicies?.length ?? 0) > 0 && (req.principal === ANONYMOUS || isServicePrincipal(req.principal))) {
        // AWS applies SCPs to the IAM users, roles and root user of member accounts only; simulating
        // them for a service principal or an unsigned request would model a denial AWS never makes.
        throw new Error(`IAM simulation of ${req.action}: service control policies do not apply to ${req.principal}`);
    }
    const accountFromArn = /^arn:aws:[^:]*:[^:]*:(\d{12}):/.exec(req.principal)?.[1];
    const result = await runSimulation(
        {
            request: {
                principal: req.principal === ANONYMOUS ? anonymousPrincipal : req.principal,
                action: req.action,
                resource: { resource: req.resource, accountId: req.resourceAccount ?? accountFromArn ?? "123456789012" },
                contextVariables: req.context ?? {},
            },
            identityPolicies: (req.identityPolicies ?? []).map((p, i) => ({ name: `identity-${i}`, policy: doc(p) })),
            serviceControlPolicies: orgLevels(req.serviceControlPolicies, "scp"),
            resourceControlPolicies: orgLevels(req.resourceControlPolicies, "rcp"),
            resourcePolicy: req.resourcePolicy === undefined ? undefined : doc(req.resourcePolicy),
            ...(req.endpointPolicy === undefined
                ? {}
                : { vpcEndpointPolicies: [{ name: "vpc-endpoint", policy: doc(req.endpointPolicy) }] }),
        } as Parameters<typeof runSimulation>[0],
        {},
    );
    const r = result as { overallResult?: string; errors?: unknown };
    if (r.errors || !r.overallResult) {
        throw new Error(`IAM simulation of ${req.action} on ${req.resource} was rejected: ${JSON.stringify(r.errors ?? result)}`);
    }
    return r.overallResult as SimulationResult;
}
