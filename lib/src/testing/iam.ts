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
}

export type SimulationResult = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

const doc = (p: PolicyDocument | string): PolicyDocument => (typeof p === "string" ? (JSON.parse(p) as PolicyDocument) : p);

/** The simulator's decision for one request; throws when the simulator rejects the request or a policy as invalid. */
export async function simulate(req: SimulationRequest): Promise<SimulationResult> {
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
            serviceControlPolicies: [],
            resourceControlPolicies: [],
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
