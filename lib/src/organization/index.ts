/**
 * The organization's preventive guardrails as data: service control policies for the Security
 * and Workloads OUs and the resource control policy of the data perimeter, each a pure function
 * of the guardrail facts (facts.ts). The organization layer turns them into AWS Organizations
 * policies; the tests measure them against the quotas and run them through the IAM simulator.
 */
import { accountProtectionScp } from "./accountProtection";
import { dataPerimeterRcp } from "./dataPerimeter";
import { Guardrail } from "./document";
import { GuardrailFacts, assertGuardrailFacts } from "./facts";
import { regionDenyScp } from "./regionDeny";
import { securityServicesScp } from "./securityServices";

export * from "./accountProtection";
export * from "./dataPerimeter";
export * from "./document";
export * from "./facts";
export * from "./regionDeny";
export * from "./securityServices";

/** The SCPs every baseline OU carries, in attachment order. */
export function serviceControlPolicies(facts: GuardrailFacts): Guardrail[] {
    assertGuardrailFacts(facts);
    return [regionDenyScp(facts), securityServicesScp(facts), accountProtectionScp(facts)];
}

/** The RCPs every baseline OU carries. */
export function resourceControlPolicies(facts: GuardrailFacts): Guardrail[] {
    assertGuardrailFacts(facts);
    return [dataPerimeterRcp(facts)];
}

/**
 * The OUs the guardrails are attached to. Both policy types go on the baseline's OUs rather
 * than the root: adopting an existing organization must not lock its other accounts (placed
 * outside these OUs) out of access they rely on today. The root would add nothing for the
 * management account: "SCPs don't affect users or roles in the management account".
 */
export const GUARDRAIL_OUS = ["security", "workloads"] as const;
export type GuardrailOu = (typeof GUARDRAIL_OUS)[number];

/** Each OU's guardrails: the same set on both. */
export function guardrailsFor(facts: GuardrailFacts): Record<GuardrailOu, Guardrail[]> {
    const all = [...serviceControlPolicies(facts), ...resourceControlPolicies(facts)];
    return { security: all, workloads: all };
}
