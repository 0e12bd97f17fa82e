/**
 * NACLs are stateless: a flow works only if its request and its reply each pass
 * the egress entries of the NACL they leave and the ingress entries of the NACL
 * they enter. This walks every flow of the baseline through `naclRules` with
 * the NACL evaluation AWS documents: entries in ascending rule number, the
 * first match decides, nothing matched means deny; ingress entries match the
 * packet's source, egress entries its destination, and the port range is the
 * destination port.
 */
import { contains, formatCidr, mustParseCidr, names } from "@baseline/lib";
import { ADMIN_PORTS, ANYWHERE, EPHEMERAL_PORTS, NaclEntry, naclRules } from "../src/vpc";
import { Tier } from "../src/subnetPlan";

const VPC = "10.10.0.0/16";
const HOST = {
    lambda: "10.10.0.25", // private subnet, AZ a (Lambda ENI)
    endpoint: "10.10.16.40", // private subnet, AZ b (interface endpoint ENI)
    nat: "10.10.48.10", // public subnet (NAT gateway's private address)
    db: "10.10.51.20", // isolated subnet (RDS)
    internet: "93.184.216.34", // some HTTPS peer on the internet
    s3: "52.216.0.10", // inside an S3 prefix-list range (public address)
    router: "198.51.100.1", // an internet router reporting a smaller MTU
} as const;

interface Packet {
    readonly protocol: "tcp" | "icmp";
    readonly src: string;
    readonly dst: string;
    readonly dstPort?: number;
    readonly icmpType?: number;
    readonly icmpCode?: number;
}

const PROTOCOL_NUMBER: Record<string, string> = { tcp: "6", udp: "17", icmp: "1", "-1": "-1" };

function inCidr(ip: string, cidr: string): boolean {
    return contains(mustParseCidr(cidr), mustParseCidr(`${ip}/32`));
}

function matches(e: NaclEntry, p: Packet, peer: string): boolean {
    if (!inCidr(peer, e.cidrBlock)) return false;
    const proto = PROTOCOL_NUMBER[e.protocol] ?? e.protocol;
    if (proto === "-1") return true;
    if (proto !== PROTOCOL_NUMBER[p.protocol]) return false;
    if (proto === "1") {
        return (e.icmpType === -1 || e.icmpType === p.icmpType) && (e.icmpCode === -1 || e.icmpCode === p.icmpCode);
    }
    return p.dstPort !== undefined && p.dstPort >= e.fromPort && p.dstPort <= e.toPort;
}

/** The first matching entry's action, or the implicit final deny. */
function evaluate(entries: readonly NaclEntry[], p: Packet, direction: "ingress" | "egress"): "allow" | "deny" {
    const peer = direction === "ingress" ? p.src : p.dst;
    const hit = [...entries].sort((a, b) => a.ruleNo - b.ruleNo).find((e) => matches(e, p, peer));
    return hit?.action ?? "deny";
}

/**
 * One hop of a packet from the subnet holding `from` to the subnet holding `to`
 * (for internet-bound packets, `to` is the next hop, e.g. the NAT gateway).
 * Subnets of one tier are different subnets in different AZs here, so a hop
 * inside a tier still crosses that tier's NACL twice.
 */
function hop(p: Packet, from: Tier | "outside", to: Tier | "outside"): string[] {
    const blocked: string[] = [];
    if (from !== "outside" && evaluate(naclRules(from, VPC).egress, p, "egress") === "deny") blocked.push(`${from} egress`);
    if (to !== "outside" && evaluate(naclRules(to, VPC).ingress, p, "ingress") === "deny") blocked.push(`${to} ingress`);
    return blocked;
}

const tcp = (src: string, dst: string, dstPort: number): Packet => ({ protocol: "tcp", src, dst, dstPort });

/** Ports a NAT gateway or a Lambda ENI may pick for a connection (Amazon VPC user guide, "Ephemeral ports"). */
const CLIENT_PORTS = [EPHEMERAL_PORTS.from, 2000, 3388, 3390, 32768, 49152, 60999, EPHEMERAL_PORTS.to];

describe("network ACLs pass both directions of every baseline flow", () => {
    it.each(CLIENT_PORTS)("Lambda -> internet HTTPS through the NAT gateway, and its reply (client port %d)", (port) => {
        // Request: private subnet -> NAT (public subnet) -> internet. The packet keeps
        // its internet destination on the first leg; the NAT rewrites the source.
        expect(hop(tcp(HOST.lambda, HOST.internet, 443), "private", "public")).toEqual([]);
        expect(hop(tcp(HOST.nat, HOST.internet, 443), "public", "outside")).toEqual([]);
        // Reply: internet -> NAT on the NAT's port; NAT -> Lambda with the internet source.
        expect(hop(tcp(HOST.internet, HOST.nat, port), "outside", "public")).toEqual([]);
        expect(hop(tcp(HOST.internet, HOST.lambda, port), "public", "private")).toEqual([]);
    });

    it.each(CLIENT_PORTS)("Lambda -> S3 through the gateway endpoint (public S3 addresses), and its reply (port %d)", (port) => {
        expect(hop(tcp(HOST.lambda, HOST.s3, 443), "private", "outside")).toEqual([]);
        expect(hop(tcp(HOST.s3, HOST.lambda, port), "outside", "private")).toEqual([]);
    });

    it.each(CLIENT_PORTS)("Lambda -> interface endpoint in another AZ (443), and its reply (port %d)", (port) => {
        expect(hop(tcp(HOST.lambda, HOST.endpoint, 443), "private", "private")).toEqual([]);
        expect(hop(tcp(HOST.endpoint, HOST.lambda, port), "private", "private")).toEqual([]);
    });

    it.each(CLIENT_PORTS)("Lambda -> PostgreSQL (private -> isolated), and its reply (port %d)", (port) => {
        expect(hop(tcp(HOST.lambda, HOST.db, names.dbPort), "private", "isolated")).toEqual([]);
        expect(hop(tcp(HOST.db, HOST.lambda, port), "isolated", "private")).toEqual([]);
    });

    it("path MTU discovery: ICMP fragmentation-needed from the internet reaches the NAT and the private tier", () => {
        const fragNeeded = (src: string, dst: string): Packet => ({ protocol: "icmp", src, dst, icmpType: 3, icmpCode: 4 });
        expect(hop(fragNeeded(HOST.router, HOST.nat), "outside", "public")).toEqual([]);
        expect(hop(fragNeeded(HOST.router, HOST.lambda), "public", "private")).toEqual([]);
        expect(hop(fragNeeded(HOST.lambda, HOST.router), "private", "outside")).toEqual([]);
        expect(hop(fragNeeded(HOST.nat, HOST.router), "public", "outside")).toEqual([]);
        // Only that message: other ICMP from the internet (echo) stays out.
        expect(hop({ protocol: "icmp", src: HOST.router, dst: HOST.nat, icmpType: 8, icmpCode: 0 }, "outside", "public")).toEqual(
            ["public ingress"],
        );
    });
});

describe("network ACLs refuse what the baseline does not need", () => {
    it.each(["public", "private", "isolated"] as const)("%s: nothing from 0.0.0.0/0 reaches 22 or 3389 (EC2.21)", (tier) => {
        for (const e of naclRules(tier, VPC).ingress) {
            if (e.action !== "allow" || e.cidrBlock !== ANYWHERE) continue;
            expect(e.protocol).not.toBe("-1");
            if (e.protocol === "icmp") continue;
            for (const port of ADMIN_PORTS) expect([e.ruleNo, port >= e.fromPort && port <= e.toPort]).toEqual([e.ruleNo, false]);
        }
        for (const port of ADMIN_PORTS) {
            expect(evaluate(naclRules(tier, VPC).ingress, tcp(HOST.internet, HOST.nat, port), "ingress")).toBe("deny");
        }
    });

    it("isolated tier: no internet in either direction, S3 included", () => {
        expect(hop(tcp(HOST.db, HOST.internet, 443), "isolated", "outside")).toEqual(["isolated egress"]);
        expect(hop(tcp(HOST.db, HOST.s3, 443), "isolated", "outside")).toEqual(["isolated egress"]);
        expect(hop(tcp(HOST.internet, HOST.db, 40000), "outside", "isolated")).toEqual(["isolated ingress"]);
    });

    it("no tier sends anything but HTTPS, HTTP and fragmentation-needed to the internet", () => {
        for (const tier of ["public", "private"] as const) {
            expect(hop(tcp(HOST.lambda, HOST.internet, 22), tier, "outside")).toEqual([`${tier} egress`]);
            expect(hop(tcp(HOST.lambda, HOST.internet, names.dbPort), tier, "outside")).toEqual([`${tier} egress`]);
        }
    });

    it("the EC2.21 carve-out, pinned: a reply to client port 3389 from outside the VPC is the one reply dropped", () => {
        expect(hop(tcp(HOST.internet, HOST.nat, 3389), "outside", "public")).toEqual(["public ingress"]);
        expect(hop(tcp(HOST.s3, HOST.lambda, 3389), "outside", "private")).toEqual(["private ingress"]);
        // Inside the VPC the same port is fine.
        expect(hop(tcp(HOST.db, HOST.lambda, 3389), "isolated", "private")).toEqual([]);
    });

    it("every ICMP entry names its type and code (AWS rejects an ICMP entry without icmpTypeCode)", () => {
        for (const tier of ["public", "private", "isolated"] as const) {
            const r = naclRules(tier, VPC);
            for (const e of [...r.ingress, ...r.egress].filter((x) => x.protocol === "icmp")) {
                expect(e).toMatchObject({ icmpType: 3, icmpCode: 4, fromPort: 0, toPort: 0 });
            }
        }
    });

    it("rule numbers are unique per direction, and the VPC CIDR entries use the VPC passed in", () => {
        const other = formatCidr(mustParseCidr("172.16.0.0/16"));
        for (const tier of ["public", "private", "isolated"] as const) {
            const r = naclRules(tier, other);
            for (const list of [r.ingress, r.egress]) expect(new Set(list.map((e) => e.ruleNo)).size).toBe(list.length);
            expect(r.ingress.find((e) => e.ruleNo === 100)?.cidrBlock).toBe(other);
        }
    });
});
