/**
 * The organization's guardrails (lib/src/organization) as AWS Organizations policies, attached to both
 * baseline OUs. Why the OUs and not the root: adopting an existing organization must not lock its other
 * accounts (outside these OUs) out of access they rely on today (lib/src/organization, GUARDRAIL_OUS).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GUARDRAIL_OUS, Guardrail, GuardrailOu, guardrailsFor, minified } from "@baseline/lib";
import { StaticGuardrailFacts } from "./config";

export interface GuardrailPoliciesArgs {
    readonly organizationId: pulumi.Input<string>;
    readonly facts: StaticGuardrailFacts;
    readonly ouIds: Readonly<Record<GuardrailOu, pulumi.Input<string>>>;
}

export class GuardrailPolicies extends pulumi.ComponentResource {
    /** The policies by their name in AWS Organizations. */
    public readonly policies: Readonly<Record<string, aws.organizations.Policy>>;
    public readonly attachments: readonly aws.organizations.PolicyAttachment[];

    constructor(name: string, args: GuardrailPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:organization:GuardrailPolicies", name, {}, opts);
        // The documents depend on the organization id (the data perimeter names it); their names and
        // kinds do not, so the resources are known before the id is.
        const withId = pulumi
            .output(args.organizationId)
            .apply((organizationId) => guardrailsFor({ ...args.facts, organizationId }));
        const template = guardrailsFor({ ...args.facts, organizationId: "o-0000000000" });
        const unique = (gs: Record<GuardrailOu, Guardrail[]>): Guardrail[] => [
            ...new Map(
                Object.values(gs)
                    .flat()
                    .map((g) => [g.name, g]),
            ).values(),
        ];

        this.policies = Object.fromEntries(
            unique(template).map((g) => [
                g.name,
                new aws.organizations.Policy(
                    `${name}-${g.name}`,
                    {
                        name: g.name,
                        type: g.kind,
                        description: g.description,
                        content: withId.apply((gs) => minified(unique(gs).find((x) => x.name === g.name)!.document)),
                    },
                    { parent: this },
                ),
            ]),
        );
        this.attachments = GUARDRAIL_OUS.flatMap((ou) =>
            template[ou].map(
                (g) =>
                    new aws.organizations.PolicyAttachment(
                        `${name}-${g.name}-${ou}`,
                        { policyId: this.policies[g.name]!.id, targetId: args.ouIds[ou] },
                        { parent: this },
                    ),
            ),
        );
        this.registerOutputs({});
    }
}
