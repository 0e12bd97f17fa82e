// The alarm topic's subscriptions are shared with the organization alarm topic (security-tooling layer).
export {
    AlarmSubscriptions,
    SUBSCRIPTION_PROTOCOLS,
    parseSubscription,
    readAlarmSubscriptions,
    subscriptionSlug,
} from "@baseline/lib";
export type { AlarmSubscription, AlarmSubscriptionsArgs, SubscriptionProtocol } from "@baseline/lib";
