import { resourcePolicy } from "../../policy";

const TYPE = "aws:rds/eventSubscription:EventSubscription";

/**
 * RDS event subscriptions stay enabled: a subscription
 * with `enabled: false` keeps RDS.20-22 "met" on paper while no event reaches
 * anyone. (Another account's topic is reported by aws-no-foreign-account-references.)
 *
 * Controls: none mapped (RDS.20, RDS.21, RDS.22 ask for the subscriptions).
 */
export const eventSubscriptionEnabled = resourcePolicy({
    name: "rds-event-subscription-enabled",
    description: "RDS event subscriptions stay enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "rds",
    controls: [],
    onUnknown: "fail",
    resourceTypes: [TYPE],
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPE) return;
        if (args.props["enabled"] === false) reportViolation("The event subscription is disabled: set enabled: true.");
    },
});
