import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const GUARDDUTY_FILTER = "aws:guardduty/filter:Filter";
const ARCHIVE_RULE = "aws:accessanalyzer/archiveRule:ArchiveRule";
const AUTOMATION_RULE = "aws:securityhub/automationRule:AutomationRule";

/**
 * GuardDuty filter fields that name no particular finding: severity, the account, the Region, the time,
 * whether a finding is archived, and the kind of resource (every instance, every bucket).
 */
const GUARDDUTY_BROAD_FIELDS = new Set([
    "severity",
    "accountid",
    "region",
    "confidence",
    "updatedat",
    "service.archived",
    "resource.resourcetype",
    "service.resourcerole",
]);

/** Access Analyzer criteria that name no particular finding: every public one, every one of a type or account. */
const ANALYZER_BROAD_CRITERIA = new Set(["ispublic", "resourcetype", "resourceowneraccount", "status", "error"]);

/** Security Hub criteria that name particular findings when compared with EQUALS (a resource, a control, a check). */
const SECURITY_HUB_NARROWING_CRITERIA = [
    "resourceIds",
    "resourceTags",
    "resourceDetailsOthers",
    "resourceApplicationArns",
    "resourceApplicationNames",
    "generatorIds",
    "ids",
    "titles",
    "types",
    "complianceSecurityControlIds",
    "relatedFindingsIds",
];

type Criterion = { field?: unknown; equals?: unknown; matches?: unknown };
const nonEmpty = (v: unknown) =>
    asArray<unknown>(v as unknown[]).some((x) => typeof x === "string" && x !== "" && !/^[*?]+$/.test(x));

function guardDutyProblem(p: Record<string, unknown>): string | undefined {
    if (String(p["action"] ?? "").toUpperCase() !== "ARCHIVE") return undefined;
    const criteria = asArray<Criterion>((p["findingCriteria"] as { criterions?: Criterion[] } | undefined)?.criterions);
    const narrows = criteria.some(
        (c) => !GUARDDUTY_BROAD_FIELDS.has(String(c.field ?? "").toLowerCase()) && (nonEmpty(c.equals) || nonEmpty(c.matches)),
    );
    return narrows
        ? undefined
        : "The filter archives findings by nothing narrower than severity, account, Region or resource type: name the finding type or the resources it suppresses (equals on `type`, an instance id, a tag).";
}

type AnalyzerFilter = { criteria?: unknown; eqs?: unknown; contains?: unknown };

function archiveRuleProblem(p: Record<string, unknown>): string | undefined {
    const filters = asArray<AnalyzerFilter>(p["filters"] as AnalyzerFilter[]);
    const name = (f: AnalyzerFilter) => String(f.criteria ?? "").toLowerCase();
    // A rule that only archives findings that are not public hides no public access.
    if (
        filters.some(
            (f) => name(f) === "ispublic" && asArray<string>(f.eqs as string[]).every((v) => v === "false") && nonEmpty(f.eqs),
        )
    )
        return undefined;
    const narrows = filters.some((f) => !ANALYZER_BROAD_CRITERIA.has(name(f)) && (nonEmpty(f.eqs) || nonEmpty(f.contains)));
    return narrows
        ? undefined
        : "The archive rule archives findings, public ones included, by nothing narrower than public access, resource type or account: name the resource or the principal it trusts (eqs on `resource` or `principal.AWS`).";
}

type HubFilter = { comparison?: unknown; value?: unknown };

function automationRuleProblem(p: Record<string, unknown>): string | undefined {
    const hides = asArray<Record<string, unknown>>(p["actions"] as Record<string, unknown>[]).some((a) => {
        const status = (
            (a?.["findingFieldsUpdate"] as Record<string, unknown> | undefined)?.["workflow"] as { status?: unknown } | undefined
        )?.status;
        return status === "SUPPRESSED" || status === "RESOLVED";
    });
    if (!hides) return undefined;
    const criteria = (p["criteria"] ?? {}) as Record<string, unknown>;
    const narrows = SECURITY_HUB_NARROWING_CRITERIA.some((k) =>
        asArray<HubFilter>(criteria[k] as HubFilter[]).some((f) => f?.comparison === "EQUALS" && nonEmpty([f.value])),
    );
    return narrows
        ? undefined
        : "The automation rule suppresses or resolves findings by nothing narrower than severity, product, account or Region: name the resources, controls or checks it applies to (EQUALS on resourceIds, complianceSecurityControlIds, generatorIds, ...).";
}

const PROBLEMS: Readonly<Record<string, (p: Record<string, unknown>) => string | undefined>> = {
    [GUARDDUTY_FILTER]: guardDutyProblem,
    [ARCHIVE_RULE]: archiveRuleProblem,
    [AUTOMATION_RULE]: automationRuleProblem,
};

/**
 * Detection stays on in name and in fact: no GuardDuty filter with `action: ARCHIVE` (a suppression rule:
 * "The finding types that match this criteria are automatically archived. To reduce noise, the suppressed
 * findings are not sent to any of the AWS services with which you may integrate", GuardDuty user guide,
 * "Creating suppression rules in GuardDuty"), no IAM Access Analyzer archive rule and no Security Hub automation rule that suppresses or
 * resolves findings unless it names what it applies to. A rule over severity, account, Region or resource
 * type alone hides every finding of that kind from everyone who reads the consoles and from the routing
 * that forwards NEW findings (a GuardDuty filter of `severity >= 0`, an archive rule of `isPublic = true`).
 * A rule that names finding types, resources, principals, controls or tags is the documented way to quiet
 * known-benign findings and passes. Turning detection off is judged by the detection policies.
 *
 * Controls: none (Security Hub has no control for suppression rules).
 */
export const findingsNotSilenced = resourcePolicy({
    name: "findings-not-silenced-wholesale",
    description:
        "GuardDuty suppression filters, Access Analyzer archive rules and Security Hub automation rules that hide findings name the findings or resources they apply to.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "general",
    controls: [],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROBLEMS),
    validateResource: (args, reportViolation) => {
        const why = PROBLEMS[args.type]?.(args.props);
        if (why) reportViolation(why);
    },
});
