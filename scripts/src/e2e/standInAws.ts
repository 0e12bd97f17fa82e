/**
 * The stand-in `aws` resource provider for the engine-level run (npm run e2e).
 *
 * pulumi-aws cannot be built from any registry (it builds against a patched
 * upstream that is in no module), so the engine talks to this plugin instead. It
 * speaks the real ResourceProvider gRPC protocol and answers with the same
 * deterministic ids, ARNs and data-source results as the mock runtime
 * (lib/src/testing/fakeAws.ts is the one implementation), so what the engine
 * records can be compared with the offline plan resource by resource.
 *
 * What it proves and what it does not: the engine, config, StackReferences,
 * transformations, the policy pack and the deploy script run for real against
 * it; whether AWS accepts the inputs is not tested here.
 *
 * Diff is honest: any input that differs from the last applied inputs is an
 * update, and a change of a property that AWS cannot change in place (names,
 * CIDRs, zones: see REPLACE_KEYS) is a replacement, so a second run shows drift.
 */
import * as grpc from "@grpc/grpc-js";
import * as fs from "fs";
import * as path from "path";
// Nothing here loads @pulumi/pulumi's index (the mock runtime does): the engine starts this plugin
// for every provider of every operation, and the index alone took 0.3 s of each start.
import { DEFAULT_ACCOUNT_ID, defaultTagsOf, fakeInvoke, fakeResource, withTagsAll } from "@baseline/lib/src/testing/fakeAws";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf modules */
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const pluginproto = require("@pulumi/pulumi/proto/plugin_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

type Props = Record<string, unknown>;

/** The engine's marker for a value that is not known until apply (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Properties that name or place a resource. AWS cannot change them in place, and
 * the provider schema marks them forceNew for the resource types the baseline uses.
 */
export const REPLACE_KEYS: ReadonlySet<string> = new Set([
    "name",
    "namePrefix",
    "bucket",
    "identifier",
    "vpcId",
    "cidrBlock",
    "availabilityZone",
    "availabilityZoneId",
    "engine",
    "region",
    "keyId",
    "targetKeyId",
]);

/** The version of the aws plugin that @pulumi/aws asks the engine for. */
export function awsPluginVersion(): string {
    const pkg = JSON.parse(fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8")) as {
        version: string;
        pulumi?: { version?: string };
    };
    return pkg.pulumi?.version ?? pkg.version;
}

/** `project/stack` and the resource's name from its URN, the seed the mock runtime uses. */
export function parseUrn(urn: string): { stack: string; project: string; type: string; name: string } {
    const m = /^urn:pulumi:([^:]+)::([^:]+)::(.+)::([^:]*)$/.exec(urn);
    if (!m) throw new Error(`not a URN: ${urn}`);
    const qualified = m[3].split("$");
    return { stack: m[1], project: m[2], type: qualified[qualified.length - 1], name: m[4] };
}

function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}

function same(a: unknown, b: unknown): boolean {
    return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === "object") {
        return Object.fromEntries(
            Object.keys(v)
                .sort()
                .map((k) => [k, canonical((v as Props)[k])]),
        );
    }
    return v;
}

export interface DiffResult {
    readonly changed: string[];
    readonly replaces: string[];
}

/** Top-level input keys that differ between the last applied inputs and the new ones. */
export function diffInputs(olds: Props, news: Props): DiffResult {
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    keys.delete("__defaults");
    const changed = [...keys].filter((k) => containsUnknown(news[k]) || !same(olds[k], news[k])).sort();
    return { changed, replaces: changed.filter((k) => REPLACE_KEYS.has(k)) };
}

/** What a created or updated resource reports: the fake AWS state without the reserved id. */
function outputsOf(type: string, name: string, inputs: Props, ctx: { accountId: string; region: string; stack: string }) {
    const made = fakeResource(type, name, inputs, ctx);
    const rest: Props = { ...made.state };
    delete rest.id;
    delete rest.urn;
    return { id: made.id, outs: rest };
}

/**
 * Changes made to the stand-in's "cloud" outside Pulumi, by URN: the JSON file
 * named by BASELINE_STANDIN_CLOUD_CHANGES maps a URN to the properties a read now
 * returns in place of the recorded ones, or to `null` for a resource deleted by
 * hand. This is how the engine-level run shows that drift is detected.
 */
export type CloudChanges = Readonly<Record<string, Props | null>>;

function cloudChanges(): CloudChanges {
    const file = process.env.BASELINE_STANDIN_CLOUD_CHANGES;
    return file && fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as CloudChanges) : {};
}

function createDelayMs(): number {
    const ms = Number(process.env.BASELINE_STANDIN_CREATE_DELAY_MS ?? "0");
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** What a refresh reads back: the recorded properties with any out-of-band change applied; undefined when deleted. */
export function readBack(urn: string, recorded: Props, changes: CloudChanges): Props | undefined {
    if (!(urn in changes)) return recorded;
    const changed = changes[urn];
    return changed === null ? undefined : { ...recorded, ...changed };
}

export class StandInAwsProvider {
    private region = "us-east-1";
    private defaultTags: Record<string, unknown> = {};
    private readonly accountId = DEFAULT_ACCOUNT_ID;

    constructor(private readonly version: string) {}

    ctxFor(urn: string) {
        const u = parseUrn(urn);
        return { accountId: this.accountId, region: this.region, stack: `${u.project}/${u.stack}` };
    }

    configure(vars: Record<string, string>, args: Props | undefined): void {
        const region = (args?.region as string | undefined) ?? vars["aws:region"] ?? vars["aws:config:region"];
        if (region) this.region = region;
        this.defaultTags = defaultTagsOf(args?.defaultTags ?? vars["aws:defaultTags"] ?? vars["aws:config:defaultTags"]);
    }

    /** What the real provider's Check adds that policies read: `tagsAll`, the resource's tags over the default tags. */
    check(urn: string, news: Props): Props {
        return withTagsAll(parseUrn(urn).type, news, this.defaultTags);
    }

    create(urn: string, inputs: Props) {
        const u = parseUrn(urn);
        return outputsOf(u.type, u.name, inputs, this.ctxFor(urn));
    }

    invoke(token: string, args: Props): Props {
        return fakeInvoke(token, args, { accountId: this.accountId, region: this.region, stack: "invoke" });
    }

    /** gRPC handlers, by ResourceProvider method name. */
    service(): Record<string, (call: any, cb: grpc.sendUnaryData<any>) => void> {
        const unimplemented = (method: string) => (_call: any, cb: grpc.sendUnaryData<any>) =>
            cb({
                code: grpc.status.UNIMPLEMENTED,
                details: `the stand-in aws provider does not serve ${method} (the engine does not need it for preview, up, refresh or destroy)`,
            });
        const guard =
            (f: (req: any) => any) =>
            (call: any, cb: grpc.sendUnaryData<any>): void => {
                try {
                    cb(null, f(call.request));
                } catch (e) {
                    cb({ code: grpc.status.UNKNOWN, details: e instanceof Error ? e.message : String(e) });
                }
            };
        // JSON first: protobuf Structs have no `undefined`, which fake states may carry.
        const struct = (p: Props) => structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(p)));
        return {
            handshake: unimplemented("Handshake"),
            parameterize: unimplemented("Parameterize"),
            getSchema: guard(() =>
                new provproto.GetSchemaResponse().setSchema(JSON.stringify({ name: "aws", version: this.version })),
            ),
            checkConfig: guard((req) => new provproto.CheckResponse().setInputs(req.getNews())),
            diffConfig: guard((req) => {
                const d = diffInputs(req.getOlds()?.toJavaScript() ?? {}, req.getNews()?.toJavaScript() ?? {});
                return new provproto.DiffResponse()
                    .setChanges(
                        d.changed.length > 0
                            ? provproto.DiffResponse.DiffChanges.DIFF_SOME
                            : provproto.DiffResponse.DiffChanges.DIFF_NONE,
                    )
                    .setDiffsList(d.changed);
            }),
            configure: guard((req) => {
                const vars: Record<string, string> = {};
                req.getVariablesMap().forEach((v: string, k: string) => (vars[k] = v));
                this.configure(vars, req.getArgs()?.toJavaScript());
                // Plain values in and out: the engine strips secrets and resource references before they get here.
                return new provproto.ConfigureResponse()
                    .setAcceptsecrets(false)
                    .setAcceptresources(false)
                    .setAcceptoutputs(false);
            }),
            invoke: guard((req) =>
                new provproto.InvokeResponse().setReturn(struct(this.invoke(req.getTok(), req.getArgs()?.toJavaScript() ?? {}))),
            ),
            call: unimplemented("Call"),
            check: guard((req) =>
                new provproto.CheckResponse().setInputs(struct(this.check(req.getUrn(), req.getNews()?.toJavaScript() ?? {}))),
            ),
            diff: guard((req) => {
                const olds = (req.getOldInputs() ?? req.getOlds())?.toJavaScript() ?? {};
                const d = diffInputs(olds, req.getNews()?.toJavaScript() ?? {});
                return new provproto.DiffResponse()
                    .setChanges(
                        d.changed.length > 0
                            ? provproto.DiffResponse.DiffChanges.DIFF_SOME
                            : provproto.DiffResponse.DiffChanges.DIFF_NONE,
                    )
                    .setDiffsList(d.changed)
                    .setReplacesList(d.replaces);
            }),
            create: (call: any, cb: grpc.sendUnaryData<any>) => {
                // A slow cloud, so that an engine-level run can interrupt an `up` while it creates.
                setTimeout(
                    () =>
                        guard((req) => {
                            const made = this.create(req.getUrn(), req.getProperties()?.toJavaScript() ?? {});
                            return new provproto.CreateResponse().setId(made.id).setProperties(struct(made.outs));
                        })(call, cb),
                    createDelayMs(),
                );
            },
            read: guard((req) => {
                // The recorded state, unless the run changed the "cloud" behind Pulumi's back.
                const changes = cloudChanges();
                const back = readBack(req.getUrn(), req.getProperties()?.toJavaScript() ?? {}, changes);
                if (!back) return new provproto.ReadResponse().setId("");
                // As a bridged provider does, the inputs read back follow the state: a property the
                // program sets and someone changed by hand differs from the program's value.
                const inputs = req.getInputs()?.toJavaScript() ?? {};
                const changed = changes[req.getUrn()] ?? {};
                const readInputs = { ...inputs, ...Object.fromEntries(Object.entries(changed).filter(([k]) => k in inputs)) };
                return new provproto.ReadResponse().setId(req.getId()).setProperties(struct(back)).setInputs(struct(readInputs));
            }),
            list: unimplemented("List"),
            update: guard((req) => {
                const made = this.create(req.getUrn(), req.getNews()?.toJavaScript() ?? {});
                return new provproto.UpdateResponse().setProperties(struct(made.outs));
            }),
            delete: guard(() => new emptyproto.Empty()),
            construct: unimplemented("Construct"),
            cancel: guard(() => new emptyproto.Empty()),
            getPluginInfo: guard(() => new pluginproto.PluginInfo().setVersion(this.version)),
            attach: guard(() => new emptyproto.Empty()),
            getMapping: guard(() => new provproto.GetMappingResponse().setProvider("").setData(new Uint8Array())),
        };
    }
}

/** Serves the provider on a free loopback port and prints the port, as the engine expects of a plugin. */
export async function serve(): Promise<void> {
    const provider = new StandInAwsProvider(awsPluginVersion());
    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(provrpc.ResourceProviderService, provider.service());
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    process.stdout.write(`${port}\n`);
}

if (require.main === module) {
    serve().catch((e) => {
        console.error(`stand-in aws provider failed to start: ${e instanceof Error ? e.stack : String(e)}`);
        process.exit(1);
    });
}

export const PLUGIN_SCRIPT_NAME = "pulumi-resource-aws";
export const thisFile = path.resolve(__filename);
