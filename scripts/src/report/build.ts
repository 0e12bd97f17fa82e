/**
 * Gathers what the report shows from the project's own facts (the layer graph,
 * the controls catalog, the pack's policies) and a set of plan files, so that
 * `npm run plan` and `npm run report` render the same report.
 */
import {
    ACCOUNTS,
    DEPLOY_REGIONS,
    LAYERS,
    accountOfStack,
    activeLayers,
    partnerOf,
    Region,
    isRegion,
    upstreamLayersOf,
} from "@baseline/lib";
import type { PolicyReport } from "@baseline/policy-pack/src/offline";
import { POLICIES } from "@baseline/policy-pack/src/pack";
import type { PlanFile } from "@baseline/policy-pack/src/planFormat";
import { judgedTypes } from "@baseline/policy-pack/src/policy";
import { estimate } from "../cost/estimate";
import { loadCatalog } from "../gen-controls-doc";
import { PlanDiff, ReportControl, ReportInput } from "./html";

const STATUS_TEXT: Record<string, string> = {
    met: "met",
    config: "met once configured",
    manual: "manual (root user)",
    open: "open",
    disabled: "out of scope (disabled)",
};

/** Every control of the catalog with the policies that check it and the resource types those judge. */
export function reportControls(): ReportControl[] {
    return loadCatalog().map((c) => {
        const policies = POLICIES.filter((p) => (p.controls as readonly string[]).includes(c.id));
        return {
            id: c.id,
            title: c.title,
            status: STATUS_TEXT[c.status] ?? c.status,
            how: c.how,
            policies: policies.map((p) => p.name),
            resourceTypes: [...new Set(policies.flatMap(judgedTypes))],
        };
    });
}

/**
 * The plans in the order npm run plan plans them: by account in organization mode (accounts in topology
 * order), then in layer order, then regions in the order the baseline declares them. A single account's
 * stacks have no account.
 */
export function inPlanOrder(plans: readonly PlanFile[]): PlanFile[] {
    const order = activeLayers();
    const regions: readonly string[] = DEPLOY_REGIONS;
    const account = (p: PlanFile) => ACCOUNTS.findIndex((a) => a.name === accountOfStack(p.stack)?.name);
    const rank = (p: PlanFile) =>
        account(p) * 1_000_000 +
        order.indexOf(p.layer as never) * 1000 +
        (regions.includes(p.region) ? regions.indexOf(p.region) : 999);
    return [...plans].sort((a, b) => rank(a) - rank(b));
}

/** `failures`: why the plan run failed (its verdict's reasons), when it did: the report then says FAILED with them. */
export function reportInput(
    plans: readonly PlanFile[],
    policy: PolicyReport,
    diff?: PlanDiff,
    failures: readonly string[] = [],
): ReportInput {
    const order = activeLayers();
    const sorted = inPlanOrder(plans);
    return {
        title: "aws-secure-baseline: offline plan",
        plans: sorted,
        policy,
        cost: estimate(sorted),
        layers: order.map((l) => ({
            layer: l,
            dependsOn: upstreamLayersOf(l),
            ...(LAYERS[l].partnerDependsOn ? { partnerDependsOn: LAYERS[l].partnerDependsOn } : {}),
        })),
        partnerOf: (region) => (isRegion(region) ? partnerOf(region as Region) : undefined),
        controls: reportControls(),
        fixes: Object.fromEntries(POLICIES.map((p) => [p.name, p.remediationSteps ?? p.description])),
        ...(diff ? { diff } : {}),
        ...(failures.length ? { failures } : {}),
    };
}
