/**
 * IPv4 CIDR arithmetic for the network layer and the config validators.
 */

export interface Cidr {
    /** Network address as an unsigned 32-bit integer. */
    readonly base: number;
    readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns an error message instead of throwing, for the config validators. */
export function parseCidr(text: string): Cidr | string {
    const m = CIDR_RE.exec(text.trim());
    if (!m) return `"${text}" is not an IPv4 CIDR block like 10.0.0.0/16`;
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
    if (prefix > 32) return `"${text}" has a prefix length above 32`;
    const addr = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const base = (addr & mask(prefix)) >>> 0;
    if (base !== addr) return `"${text}" has host bits set; the network address is ${formatCidr({ base, prefix })}`;
    return { base, prefix };
}

export function mustParseCidr(text: string): Cidr {
    const c = parseCidr(text);
    if (typeof c === "string") throw new Error(c);
    return c;
}

function mask(prefix: number): number {
    return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function formatCidr(c: Cidr): string {
    const b = c.base;
    return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

export function size(c: Cidr): number {
    return 2 ** (32 - c.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
    const aEnd = a.base + size(a);
    const bEnd = b.base + size(b);
    return a.base < bEnd && b.base < aEnd;
}

export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + size(inner) <= outer.base + size(outer);
}

/** The `index`-th subnet of `newPrefix` inside `parent` (like Terraform's cidrsubnet). */
export function subnet(parent: Cidr, newPrefix: number, index: number): Cidr {
    if (newPrefix < parent.prefix || newPrefix > 32) {
        throw new Error(`cannot carve a /${newPrefix} out of ${formatCidr(parent)}`);
    }
    const count = 2 ** (newPrefix - parent.prefix);
    if (index < 0 || index >= count) {
        throw new Error(`${formatCidr(parent)} holds ${count} /${newPrefix} subnets; index ${index} is out of range`);
    }
    return { base: parent.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

/** RFC 1918 private ranges: VPC CIDRs must come from these. */
export const PRIVATE_RANGES: readonly Cidr[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(mustParseCidr);

export function isPrivate(c: Cidr): boolean {
    return PRIVATE_RANGES.some((r) => contains(r, c));
}
