import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/** The protocols a person can be reached by; both need the endpoint's owner to confirm the subscription. */
export const SUBSCRIPTION_PROTOCOLS = ["email", "https"] as const;
export type SubscriptionProtocol = (typeof SUBSCRIPTION_PROTOCOLS)[number];

export interface AlarmSubscription {
    readonly protocol: SubscriptionProtocol;
    readonly endpoint: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `email=security@example.com` or `https=https://hooks.example.com/x` → a subscription, or the reason
 * the entry is refused (for the config error).
 */
export function parseSubscription(entry: string): AlarmSubscription | string {
    const eq = entry.indexOf("=");
    const protocol = eq < 0 ? "" : entry.slice(0, eq).trim();
    const endpoint = eq < 0 ? "" : entry.slice(eq + 1).trim();
    if (!(SUBSCRIPTION_PROTOCOLS as readonly string[]).includes(protocol)) {
        return `"${entry}": <protocol>=<endpoint> with protocol ${SUBSCRIPTION_PROTOCOLS.join(" or ")}`;
    }
    if (protocol === "email" && !EMAIL.test(endpoint)) return `"${entry}": an email address after email=`;
    if (protocol === "https") {
        let url: URL | undefined;
        try {
            url = new URL(endpoint);
        } catch {
            url = undefined;
        }
        if (!url || url.protocol !== "https:" || !url.hostname) return `"${entry}": an https:// URL after https=`;
    }
    return { protocol: protocol as SubscriptionProtocol, endpoint };
}

const slug = (text: string): string =>
    text
        .replace(/[^A-Za-z0-9]+/g, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase();

/**
 * A stable resource name part for an endpoint (its position would rename it on reorder). A webhook
 * URL often carries a token in its path or query, and URNs are never encrypted: https endpoints are
 * named by host and a hash of the URL only.
 */
export const subscriptionSlug = (s: AlarmSubscription): string =>
    s.protocol === "email"
        ? `email-${slug(s.endpoint)}`
        : `https-${slug(new URL(s.endpoint).hostname)}-${createHash("sha256").update(s.endpoint).digest("hex").slice(0, 8)}`;

export interface AlarmSubscriptionsArgs {
    readonly topicArn: pulumi.Input<string>;
    readonly subscriptions: readonly AlarmSubscription[];
}

/**
 * The people the alarm topic reaches (CloudWatch.1/.2/.4 need "at least one active subscriber").
 * SNS sends each endpoint a confirmation request; the subscription stays "pending confirmation" and
 * delivers nothing until its owner confirms it (docs/deploying.md says so).
 */
export class AlarmSubscriptions extends pulumi.ComponentResource {
    constructor(name: string, args: AlarmSubscriptionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:AlarmSubscriptions", name, {}, opts);
        for (const s of args.subscriptions) {
            new aws.sns.TopicSubscription(
                `${name}-${subscriptionSlug(s)}`,
                {
                    topic: args.topicArn,
                    protocol: s.protocol,
                    // Kept encrypted in the state: a webhook URL is a credential.
                    endpoint: s.protocol === "https" ? pulumi.secret(s.endpoint) : s.endpoint,
                    endpointAutoConfirms: false,
                },
                { parent: this },
            );
        }
        this.registerOutputs({});
    }
}
