/** A real offline plan of three stacks (network us-east-1 with its upstreams), for the report tests. */
import type { PlanFile } from "@baseline/policy-pack/src/planFormat";
import { planStacks } from "../src/planner";

export async function networkPlans(): Promise<PlanFile[]> {
    return (await planStacks({ targets: ["network/production-us-east-1"] })).plans;
}
