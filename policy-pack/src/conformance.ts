/**
 * The baseline-conformance role: policies that hold the baseline's own
 * promises about its stacks (versioning, retention, routing tiers, findings
 * routing, ...) judge only the projects `conformanceProjects` names, so a
 * well-made stack of another team never meets them.
 */
import { PackConfig } from "./config";

export type ConformanceConfig = Pick<PackConfig, "conformanceProjects">;

/** The project of a URN (`urn:pulumi:<stack>::<project>::...`). */
export function projectOf(urn: string): string | undefined {
    return /^urn:pulumi:[^:]*::([^:]+)::/.exec(urn)?.[1];
}

function globMatch(pattern: string, value: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

/** True when the resource's project is one the conformance policies judge. */
export function inConformanceScope(urn: string | undefined, cfg: ConformanceConfig): boolean {
    const project = urn ? projectOf(urn) : undefined;
    return project !== undefined && cfg.conformanceProjects.some((p) => globMatch(p, project));
}
