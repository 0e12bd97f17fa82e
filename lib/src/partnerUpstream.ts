/**
 * The one explicit cross-region read of the layer graph: a layer declares in
 * `LayerSpec.partnerDependsOn` which upstream it reads from its partner region
 * (environment.ts PARTNER_REGIONS), and reads it through this helper. The plain
 * `resolveUpstream` keeps refusing an upstream from another region, so a
 * cross-region read can only happen where the graph says so.
 */
import { LayerContracts } from "./contracts";
import { Region, isRegion, partnerOf } from "./environment";
import { LAYERS, LayerName, readsFromPartner } from "./layers";
import { UpstreamError, UpstreamOptions, resolveUpstream } from "./upstream";

/**
 * Resolves `layer`'s stack in the partner region of `opts.region` for `consumer`,
 * with every check of `resolveUpstream` (all contract keys present, and the
 * stack's `region` output equal to the partner region), before anything is
 * registered. Throws when the graph does not declare the edge or when this
 * stack's region has no partner.
 */
export async function resolvePartnerUpstream<L extends LayerName>(
    consumer: LayerName,
    layer: L,
    opts: UpstreamOptions,
): Promise<{ [K in keyof LayerContracts[L]]: LayerContracts[L][K] }> {
    if (!readsFromPartner(consumer, layer)) {
        throw new UpstreamError(
            `${consumer} does not read ${layer} from its partner region: declare it in LAYERS.${consumer}.partnerDependsOn ` +
                `(lib/src/layers.ts) before reading across regions (declared: ${(LAYERS[consumer].partnerDependsOn ?? []).join(", ") || "none"}).`,
        );
    }
    if (!isRegion(opts.region)) {
        throw new UpstreamError(`${consumer} in ${opts.region} has no partner region: only baseline regions have one.`);
    }
    const source: Region = opts.region;
    const partner = partnerOf(source);
    try {
        return await resolveUpstream(layer, { ...opts, region: partner });
    } catch (err) {
        if (err instanceof UpstreamError) {
            throw new UpstreamError(
                `cross-region upstream of ${consumer} in ${source} (partner region ${partner}): ${err.message}`,
            );
        }
        throw err;
    }
}
