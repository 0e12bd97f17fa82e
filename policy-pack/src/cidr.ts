/**
 * CIDR arithmetic for the network policies: whether a set of CIDR blocks
 * together covers the whole IPv4 or IPv6 address space, so that
 * `0.0.0.0/1` + `128.0.0.0/1` counts as "the internet" just as `0.0.0.0/0` does.
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

/** True when the blocks together cover every address of `family`. */
export function coversAllAddresses(cidrs: readonly string[], family: 4 | 6): boolean {
    const max = (1n << BigInt(family === 4 ? 32 : 128)) - 1n;
    const ranges = cidrs
        .map(cidrRange)
        .filter((r): r is { family: 4 | 6; range: Range } => r !== undefined && r.family === family)
        .map((r) => r.range)
        .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let next = 0n;
    for (const [start, end] of ranges) {
        if (start > next) return false;
        if (end + 1n > next) next = end + 1n;
        if (next > max) return true;
    }
    return false;
}

/** `the internet (0.0.0.0/0)` or `the internet (0.0.0.0/1 + 128.0.0.0/1)`, or undefined when the blocks leave any address out. */
export function internetCoverage(cidrs: readonly string[]): string | undefined {
    const found: string[] = [];
    for (const family of [4, 6] as const) {
        const own = cidrs.filter((c) => cidrRange(c)?.family === family);
        const whole = own.find((c) => coversAllAddresses([c], family));
        if (whole !== undefined) found.push(whole);
        else if (coversAllAddresses(own, family)) found.push(own.join(" + "));
    }
    return found.length > 0 ? found.join(", ") : undefined;
}
