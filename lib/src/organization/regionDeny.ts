/**
 * SCP: nothing happens outside the topology's regions, except in the global services.
 */
import { REGION_DENY_GLOBAL_EXEMPTIONS } from "@baseline/policy-pack/src/globalServices";
import { Guardrail } from "./document";
import { GuardrailFacts } from "./facts";

/**
 * The actions the region deny leaves alone: AWS's own list from the AWS Organizations User Guide
 * example "Deny access to AWS based on the requested AWS Region" ("Because global services have
 * endpoints that are physically hosted by the us-east-1 Region, they must be exempted in this
 * way"). Declared once in the policy pack, which judges every region deny against the same list.
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = REGION_DENY_GLOBAL_EXEMPTIONS;

/**
 * Denies every request for a region outside the topology. No principal is exempt, not even the
 * deploy role: the baseline deploys only to the topology's regions, and an exempt deploy
 * credential could build in regions no detector, recorder or trail of the baseline watches.
 */
export function regionDenyScp(facts: GuardrailFacts): Guardrail {
    return {
        name: `${facts.namePrefix}-region-deny`,
        kind: "SERVICE_CONTROL_POLICY",
        description: `Denies requests outside ${facts.regions.join(", ")} except to global services`,
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyOutsideTopologyRegions",
                    Effect: "Deny",
                    NotAction: GLOBAL_SERVICE_ACTIONS,
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:RequestedRegion": [...facts.regions] } },
                },
            ],
        },
    };
}
