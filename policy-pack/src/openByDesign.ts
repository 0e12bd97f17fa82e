/**
 * Statements that allow `*` on a resource whose own settings, not its policy, decide who reaches it, where AWS
 * documents the open statement as the way to write that resource's policy. The holder's settings are read only
 * for a statement that would otherwise be reported: a value unknown at preview then throws, and the policy
 * defers (`onUnknown: "defer"`, or `judgeEach` in a stack policy) instead of reporting a guess.
 */
import { RawStatement, strings } from "./conditions";
import { asRecord, isTrue } from "./util";

export const REST_API = "aws:apigateway/restApi:RestApi";
export const SEARCH_DOMAINS: readonly string[] = ["aws:opensearch/domain:Domain", "aws:elasticsearch/domain:Domain"];

/** An Allow to `Principal: *` (not to everyone but a NotPrincipal) of the listed actions only. */
function allowsOnly(s: RawStatement, action: (a: string) => boolean): boolean {
    if (s.Effect !== "Allow" || s.NotPrincipal !== undefined || s.NotAction !== undefined) return false;
    const actions = strings(s.Action);
    return actions.length > 0 && actions.every(action);
}

/**
 * The endpoint type of a REST API when it is known to be a public one (REGIONAL or EDGE). `types` takes one
 * value ("This resource currently only supports managing a single value. Valid values: EDGE, REGIONAL or
 * PRIVATE. If unspecified, defaults to EDGE", @pulumi/aws RestApiEndpointConfiguration). An API imported from
 * an OpenAPI `body` without `endpointConfiguration` may take its type from the body: not known, judged as before.
 */
function publicEndpointType(props: Record<string, unknown>): string | undefined {
    const ec = props["endpointConfiguration"];
    if (ec === undefined || ec === null) return props["body"] === undefined ? "EDGE" : undefined;
    const raw = asRecord(ec)["types"];
    const types = Array.isArray(raw) ? (raw as unknown[]) : [raw];
    return types.length === 1 && (types[0] === "REGIONAL" || types[0] === "EDGE") ? types[0] : undefined;
}

/**
 * `execute-api:Invoke` for anyone on a REGIONAL or EDGE REST API: such an API with no policy at all is open to
 * the internet, so the Allow adds no exposure; it is the base a Deny writes its exceptions against. The API
 * Gateway developer guide's own example is this Allow with a Deny of a source IP block ("The resource policy
 * denies (blocks) incoming traffic to an API from a specified source IP address block", x-amazon-apigateway-policy).
 * Whether the API should be public at all is `apigateway-rest-api-private`'s question. A PRIVATE API, or one whose
 * type is not known, is judged as before; so is a separate RestApiPolicy, which does not carry the API's type.
 */
function invokeOnPublicApi(type: string, props: Record<string, unknown>, s: RawStatement): boolean {
    if (type !== REST_API || !allowsOnly(s, (a) => a.toLowerCase() === "execute-api:invoke")) return false;
    return publicEndpointType(props) !== undefined;
}

/**
 * `es:ESHttp*` (or `es:*`, which "is equivalent to es:ESHttp*" in a resource-based policy, OpenSearch Service
 * developer guide, Identity and Access Management) for anyone on the domain's own ARN, of a domain in a VPC with
 * fine-grained access control: the network reaches only the VPC, and fine-grained access control authenticates
 * every request after the policy. AWS recommends exactly this policy there: "In general, if you enable
 * fine-grained access control, we recommend using a domain access policy that doesn't require signed requests"
 * (OpenSearch Service developer guide, Fine-grained access control). A public domain, one without fine-grained
 * access control, or a statement on another resource is judged as before; so is a separate DomainPolicy.
 */
function openDomainBehindFgac(type: string, props: Record<string, unknown>, s: RawStatement): boolean {
    if (!SEARCH_DOMAINS.includes(type) || !allowsOnly(s, (a) => /^es:(\*|eshttp[a-z]*\*?)$/i.test(a))) return false;
    const name = props["domainName"];
    if (typeof name !== "string" || name === "") return false;
    const own = new RegExp(`^arn:aws[a-z-]*:es:[a-z0-9-]+:\\d{12}:domain/${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(/.*)?$`);
    const resources = strings(s.Resource);
    if (s.NotResource !== undefined || resources.length === 0 || !resources.every((r) => own.test(r))) return false;
    const subnets = asRecord(props["vpcOptions"])["subnetIds"];
    const inVpc = Array.isArray(subnets) ? subnets.length > 0 : typeof subnets === "string" && subnets !== "";
    return inVpc && isTrue(asRecord(props["advancedSecurityOptions"])["enabled"]);
}

/** True when statement `s` of the policy `props` hold (a resource of `type`) is open by the resource's design. */
export function openByDesign(type: string | undefined, props: Record<string, unknown> | undefined, s: RawStatement): boolean {
    if (type === undefined || props === undefined) return false;
    return invokeOnPublicApi(type, props, s) || openDomainBehindFgac(type, props, s);
}
