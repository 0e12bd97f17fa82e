/**
 * The offline plan's file format. The policy pack defines it (its offline
 * evaluator reads these files, and the published pack must not depend on this
 * unpublished library); the planner writes it.
 */
export type { PlanFile, PlanResourceState, PlanStep } from "@baseline/policy-pack/src/planFormat";

/** The name of the step's resource: the last `::` part of its URN. */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}
