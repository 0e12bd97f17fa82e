/**
 * CIDR arithmetic for the network policies: whether a set of CIDR blocks
 * together covers the internet, so that `0.0.0.0/1` + `128.0.0.0/1`, or IPv6
 * global unicast `2000::/3`, counts as "the internet" just as `0.0.0.0/0` does.
 */

type Range = readonly [bigint, bigint];

function parseIpv4(ip: string): bigint | undefined {
    const parts = ip.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
    return parts.reduce((acc, p) => (acc << 8n) + BigInt(Number(p)), 0n);
}

function parseIpv6(ip: string): bigint | undefined {
    const halves = ip.split("::");
    if (halves.length > 2) return undefined;
    const head = halves[0] === "" ? [] : halves[0].split(":");
    const tail = halves.length === 2 && halves[1] !== "" ? halves[1].split(":") : [];
    const missing = 8 - head.length - tail.length;
    if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
    const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
    if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return groups.reduce((acc, g) => (acc << 16n) + BigInt(parseInt(g, 16)), 0n);
}

/** The address range of a CIDR block and its family; undefined when it does not parse. */
export function cidrRange(cidr: string): { family: 4 | 6; range: Range } | undefined {
    const [ip, len] = cidr.trim().split("/");
    const family = ip.includes(":") ? 6 : 4;
    const bits = family === 4 ? 32 : 128;
    const prefix = len === undefined ? bits : Number(len);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
    const addr = family === 4 ? parseIpv4(ip) : parseIpv6(ip);
    if (addr === undefined) return undefined;
    const size = 1n << BigInt(bits - prefix);
    const start = (addr / size) * size;
    return { family, range: [start, start + size - 1n] };
}

/**
 * The addresses that are not the internet: IPv4 "this network", private (RFC 1918), shared (RFC 6598),
 * loopback, link-local, multicast and reserved (IANA special-purpose registry); in IPv6 everything outside
 * global unicast (2000::/3, RFC 4291), which holds every routable address.
 */
const NOT_INTERNET: Readonly<Record<4 | 6, readonly string[]>> = {
    4: [
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/3",
    ],
    6: ["::/3", "4000::/2", "8000::/1"],
};

/** The internet's address ranges of a family: every address outside NOT_INTERNET. */
function internetRanges(family: 4 | 6): Range[] {
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    const holes = NOT_INTERNET[family].map((c) => cidrRange(c)!.range).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: Range[] = [];
    let next = 0n;
    for (const [start, end] of holes) {
        if (start > next) out.push([next, start - 1n]);
        if (end + 1n > next) next = end + 1n;
    }
    if (next <= max) out.push([next, max]);
    return out;
}

/** Whether the ranges together contain every address of `target`. */
function coversRange(ranges: readonly Range[], target: Range): boolean {
    let next = target[0];
    for (const [start, end] of [...ranges].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
        if (end < next) continue;
        if (start > next) return false;
        next = end + 1n;
        if (next > target[1]) return true;
    }
    return false;
}

/**
 * The widest block that still limits who reaches a resource, per family: "Bucket policies that grant access
 * conditioned on the aws:SourceIp condition key with very broad IP ranges (for example, 0.0.0.0/1) are
 * evaluated as 'public.' This includes values broader than /8 for IPv4 and /32 for IPv6 (excluding RFC1918
 * private ranges)" (S3 User Guide, "The meaning of 'public'"). A /8 is not broader than /8. A network rule's
 * block that wide which reaches the internet at all (0.0.0.0/1, 2000::/3) is read the same way.
 */
export const WIDEST_LIMITING_PREFIX = { 4: 8, 6: 32 } as const;

/**
 * `0.0.0.0/0`, `0.0.0.0/1 + 128.0.0.0/1` or `2000::/3`: the blocks that open a rule to the internet, or
 * undefined when they do not. The internet is every routable address (internetRanges): blocks that cover all
 * of it leave out only private, multicast and reserved space, which no one on the internet sends from
 * (`0.0.0.0/1 + 128.0.0.0/2 + 192.0.0.0/3`, IPv6 global unicast 2000::/3); one block broader than /8 (IPv4) or
 * /32 (IPv6) that reaches it counts too.
 */
export function internetCoverage(cidrs: readonly string[]): string | undefined {
    const found: string[] = [];
    for (const family of [4, 6] as const) {
        const own = cidrs.filter((c) => cidrRange(c)?.family === family);
        const internet = internetRanges(family);
        const covers = (blocks: readonly string[]) =>
            internet.every((t) =>
                coversRange(
                    blocks.map((c) => cidrRange(c)!.range),
                    t,
                ),
            );
        const broad = (c: string) => {
            const r = cidrRange(c)!.range;
            const prefix = c.includes("/") ? Number(c.split("/")[1]) : family === 4 ? 32 : 128;
            return prefix < WIDEST_LIMITING_PREFIX[family] && internet.some(([s, e]) => r[0] <= e && s <= r[1]);
        };
        const whole = own.find((c) => covers([c]));
        if (whole !== undefined) found.push(whole);
        else if (own.length > 0 && covers(own)) found.push(own.join(" + "));
        else {
            const wide = own.filter(broad);
            if (wide.length > 0) found.push(wide.join(" + "));
        }
    }
    return found.length > 0 ? found.join(", ") : undefined;
}
