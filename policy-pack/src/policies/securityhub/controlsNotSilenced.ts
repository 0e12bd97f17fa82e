import { resourcePolicy } from "../../policy";

/**
 * Security Hub stays on and controls are switched off only with a documented
 * reason: an `aws.securityhub.Account` keeps `autoEnableControls` (new controls
 * of enabled standards turn on by themselves), and a `StandardsControl` /
 * `StandardsControlAssociation` set to DISABLED says why (`disabledReason` /
 * `updatedReason`), as the controls AWS suggests disabling do.
 *
 * Controls: none (Security Hub has no control on itself).
 */
export const controlsNotSilenced = resourcePolicy({
    name: "securityhub-controls-not-silenced",
    description: "Security Hub keeps auto-enabling controls and disables a control only with a reason.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "securityhub",
    controls: [],
    onUnknown: "fail",
    resourceTypes: [
        "aws:securityhub/account:Account",
        "aws:securityhub/standardsControl:StandardsControl",
        "aws:securityhub/standardsControlAssociation:StandardsControlAssociation",
    ],
    validateResource: (args, reportViolation) => {
        const p = args.props;
        const reason = (k: string) => typeof p[k] === "string" && (p[k] as string).trim() !== "";
        if (args.type === "aws:securityhub/account:Account" && p["autoEnableControls"] === false)
            reportViolation("Security Hub account does not auto-enable new controls: set autoEnableControls: true.");
        if (
            args.type === "aws:securityhub/standardsControl:StandardsControl" &&
            p["controlStatus"] === "DISABLED" &&
            !reason("disabledReason")
        )
            reportViolation("Security Hub control is DISABLED without a disabledReason.");
        if (
            args.type === "aws:securityhub/standardsControlAssociation:StandardsControlAssociation" &&
            p["associationStatus"] === "DISABLED" &&
            !reason("updatedReason")
        )
            reportViolation(`Security Hub control ${String(p["securityControlId"])} is DISABLED without an updatedReason.`);
    },
});
