import { LayerName, PlanFile, Region, StackInstance } from "@baseline/lib";
import { RecordedResource } from "@baseline/lib/src/testing";
export declare const REPO_ROOT: string;
export declare const STACKS_DIR: string;
export declare function programPath(layer: LayerName, stacksDir?: string): string;
/** A layer is built when its program exists; the plan lists the others as not built yet. */
export declare function isBuilt(layer: LayerName, stacksDir?: string): boolean;
/**
 * The config a real `pulumi up` would see: project-level values and defaults from
 * `Pulumi.yaml`, overridden by `Pulumi.<stack>.yaml`. Keys come back fully
 * qualified (`aws:region`, `<project>:key`).
 */
export declare function loadStackConfig(instance: StackInstance, stacksDir?: string): Record<string, string>;
export declare function toPlanFile(
    instance: StackInstance,
    resources: readonly RecordedResource[],
    outputs: Record<string, unknown>,
): PlanFile;
export interface StackPlanResult {
    readonly instance: StackInstance;
    readonly status: "planned" | "failed" | "skipped";
    readonly plan?: PlanFile;
    readonly error?: string;
    readonly durationMs: number;
}
export interface PlanOptions {
    readonly regions?: readonly Region[];
    /** `layer/stack` targets; each is planned with its upstreams. Default: every stack. */
    readonly targets?: readonly string[];
    readonly stacksDir?: string;
    readonly organization?: string;
    readonly onStack?: (result: StackPlanResult) => void;
}
export interface PlanRun {
    readonly results: StackPlanResult[];
    readonly plans: PlanFile[];
    /** Layers in the graph whose program does not exist yet. */
    readonly notBuilt: LayerName[];
    readonly ok: boolean;
}
/** Parses `network/production-eu-central-1` into the stack instance it names. */
export declare function parseTarget(target: string, regions?: readonly Region[]): StackInstance;
export declare function planStacks(opts?: PlanOptions): Promise<PlanRun>;
/** The production plan of every built layer, for tests. */
export declare function planAll(opts?: PlanOptions): Promise<PlanFile[]>;
