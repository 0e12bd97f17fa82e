/**
 * A plan in which some resources are created through an explicit AWS provider, as
 * `new aws.Provider("prod", { defaultTags, region })` and `{ provider }` create them:
 * the provider is a step of the plan and each of those resources' steps names it. `providerType` gives
 * another provider (`pulumi:providers:aws-native`).
 */
import type { PlanFile } from "../src/planFormat";
import { planOf, Res } from "./fixtures";

export function planWithProvider(
    resources: readonly Res[],
    providerInputs: Record<string, unknown>,
    through: readonly string[],
    over: Partial<PlanFile> = {},
    providerType = "pulumi:providers:aws",
): PlanFile {
    const provider: Res = { type: providerType, name: "explicit", id: "explicit-provider-id", inputs: providerInputs };
    const plan = planOf([provider, ...resources], over);
    const ref = `${plan.steps[0].urn}::explicit-provider-id`;
    return {
        ...plan,
        steps: plan.steps.map((s) =>
            through.includes(s.urn.slice(s.urn.lastIndexOf("::") + 2)) ? { ...s, newState: { ...s.newState, provider: ref } } : s,
        ),
    };
}
