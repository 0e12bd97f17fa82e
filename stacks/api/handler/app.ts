/**
 * The API backend's routing, validation and error mapping, free of AWS clients
 * so that unit tests inject fakes. `index.ts` wires the real clients.
 *
 * Error bodies carry a stable `error` code and a short message, never an
 * upstream exception's text, bucket name or host: internals go to the logs only.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";

export interface ObjectSummary {
    readonly key: string;
    readonly size: number;
    readonly lastModified?: string;
}

export interface ObjectDetails extends ObjectSummary {
    readonly contentType?: string;
    readonly etag?: string;
}

/** The data layer's bucket, as the handler sees it. */
export interface ObjectStore {
    list(prefix: string, limit: number): Promise<{ objects: ObjectSummary[]; truncated: boolean }>;
    /** Resolves undefined when the object does not exist. */
    head(key: string): Promise<ObjectDetails | undefined>;
}

export interface Deps {
    readonly store: ObjectStore;
    /** Resolves when the database endpoint accepts a TCP connection; rejects otherwise. */
    readonly probeDatabase: () => Promise<void>;
    readonly log?: (level: "INFO" | "WARN" | "ERROR", message: string, detail?: Record<string, unknown>) => void;
    readonly now?: () => number;
}

/** Thrown by adapters when the upstream (S3, the database) fails: answered with 502. */
export class UpstreamFailure extends Error {
    constructor(
        readonly upstream: "s3" | "database",
        readonly cause: unknown,
    ) {
        super(`${upstream} request failed`);
        this.name = "UpstreamFailure";
    }
}

class BadRequest extends Error {}

export const LIST_LIMIT = { default: 20, min: 1, max: 100 } as const;
export const MAX_PREFIX_LENGTH = 512;
export const MAX_KEY_LENGTH = 1024;
/** Printable ASCII without backslash, quotes or braces: the keys this API serves, nothing that needs escaping. */
const SAFE_KEY = /^[A-Za-z0-9!\-_.*'()/ =+,:@]*$/;

type Route = (event: APIGatewayProxyEvent, deps: Deps) => Promise<APIGatewayProxyResult>;

/** API Gateway resource path (`event.resource`) → method → route. */
const ROUTES: Readonly<Record<string, Readonly<Record<string, Route>>>> = {
    "/health": { GET: async () => json(200, { status: "ok" }) },
    "/objects": { GET: listObjects },
    "/objects/{key+}": { GET: getObject },
    "/db": { GET: checkDatabase },
};

/** The resource paths and methods the API exposes; the REST API is built from this list. */
export const API_ROUTES: readonly { readonly path: string; readonly method: string }[] = Object.entries(ROUTES).flatMap(
    ([path, methods]) => Object.keys(methods).map((method) => ({ path, method })),
);

export async function handle(event: APIGatewayProxyEvent, deps: Deps): Promise<APIGatewayProxyResult> {
    const log = deps.log ?? defaultLog;
    const requestId = event.requestContext?.requestId;
    const methods = ROUTES[event.resource ?? ""];
    if (!methods) return json(404, { error: "not_found", message: "no such route" });
    const route = methods[event.httpMethod];
    if (!route) {
        return json(
            405,
            { error: "method_not_allowed", message: `allowed: ${Object.keys(methods).join(", ")}` },
            {
                Allow: Object.keys(methods).join(", "),
            },
        );
    }
    try {
        return await route(event, deps);
    } catch (err) {
        if (err instanceof BadRequest) return json(400, { error: "invalid_request", message: err.message });
        if (err instanceof UpstreamFailure) {
            log("ERROR", "upstream failure", { requestId, upstream: err.upstream, cause: describe(err.cause) });
            return json(502, {
                error: "upstream_unavailable",
                message: `the ${err.upstream === "s3" ? "data store" : "database"} is unavailable`,
                requestId,
            });
        }
        log("ERROR", "unhandled error", { requestId, cause: describe(err) });
        return json(500, { error: "internal_error", message: "internal error", requestId });
    }
}

async function listObjects(event: APIGatewayProxyEvent, deps: Deps): Promise<APIGatewayProxyResult> {
    const q = event.queryStringParameters ?? {};
    const prefix = q["prefix"] ?? "";
    if (prefix.length > MAX_PREFIX_LENGTH || !SAFE_KEY.test(prefix)) {
        throw new BadRequest(`prefix must be at most ${MAX_PREFIX_LENGTH} characters of letters, digits and !-_.*'()/ =+,:@`);
    }
    const limitText = q["limit"];
    const limit = limitText === undefined ? LIST_LIMIT.default : Number(limitText);
    if (!/^\d+$/.test(limitText ?? String(LIST_LIMIT.default)) || limit < LIST_LIMIT.min || limit > LIST_LIMIT.max) {
        throw new BadRequest(`limit must be an integer from ${LIST_LIMIT.min} to ${LIST_LIMIT.max}`);
    }
    const { objects, truncated } = await deps.store.list(prefix, limit);
    return json(200, { prefix, objects, truncated });
}

async function getObject(event: APIGatewayProxyEvent, deps: Deps): Promise<APIGatewayProxyResult> {
    const key = event.pathParameters?.["key"] ?? "";
    if (key.length === 0 || key.length > MAX_KEY_LENGTH || !SAFE_KEY.test(key) || key.split("/").includes("..")) {
        throw new BadRequest(
            `key must be 1 to ${MAX_KEY_LENGTH} characters of letters, digits and !-_.*'()/ =+,:@, without '..' segments`,
        );
    }
    const object = await deps.store.head(key);
    if (!object) return json(404, { error: "not_found", message: "no such object" });
    return json(200, object);
}

async function checkDatabase(_event: APIGatewayProxyEvent, deps: Deps): Promise<APIGatewayProxyResult> {
    const now = deps.now ?? Date.now;
    const started = now();
    await deps.probeDatabase();
    return json(200, { status: "reachable", latencyMs: now() - started });
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
    return {
        statusCode,
        headers: {
            "Content-Type": "application/json",
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            ...headers,
        },
        body: JSON.stringify(body),
    };
}

function describe(err: unknown): Record<string, unknown> {
    if (err instanceof Error) return { name: err.name, message: err.message };
    return { value: String(err) };
}

function defaultLog(level: string, message: string, detail?: Record<string, unknown>): void {
    // The function's log format is JSON: one object per line becomes structured fields.
    console.log(JSON.stringify({ level, message, ...(detail ?? {}) }));
}
