/**
 * The format the offline evaluator reads: one file per stack instance, shaped
 * like the `steps` of `pulumi preview --json` so that the same analysis reads
 * both. Defined here, in the pack, so that the published pack is
 * self-contained; the workspace library re-exports it for the planner.
 */

/** One resource step, as in `pulumi preview --json`. */
export interface PlanStep {
    /** `create` for managed resources; `read` for StackReferences and `get`s. */
    readonly op: "create" | "read" | "same" | "update" | "replace" | "delete";
    readonly urn: string;
    readonly provider?: string;
    readonly newState: PlanResourceState;
}

export interface PlanResourceState {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly protect?: boolean;
    readonly retainOnDelete?: boolean;
    readonly dependencies?: readonly string[];
    readonly inputs: Record<string, unknown>;
    /** Mock outputs; `pulumi preview --json` leaves these out for resources it would create. */
    readonly outputs?: Record<string, unknown>;
}

/** `DIR/<project>.<stack>.json` */
export interface PlanFile {
    readonly project: string;
    readonly stack: string;
    readonly layer: string;
    readonly region: string;
    readonly steps: readonly PlanStep[];
    /** The stack's exported outputs (its layer contract). */
    readonly outputs: Record<string, unknown>;
    /**
     * The stack's configuration, as `pulumi preview --json` writes it at top level:
     * the `aws:` keys (`aws:region`, `aws:defaultTags`) configure the default provider,
     * which has no step of its own in a preview.
     */
    readonly config?: Readonly<Record<string, unknown>>;
}
