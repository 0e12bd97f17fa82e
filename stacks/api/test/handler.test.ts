import { createRequire } from "module";
import * as net from "net";
import * as path from "path";
import { HeadObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { API_ROUTES, Deps, ObjectStore, UpstreamFailure, handle } from "../handler/app";
import { tcpProbe } from "../handler/dbProbe";
import { S3Sender, s3ObjectStore } from "../handler/s3Store";
import { HANDLER_DIR, HANDLER_ENTRY, transpileHandler } from "../src/handlerCode";

function event(resource: string, opts: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
    return {
        resource,
        path: resource,
        httpMethod: "GET",
        headers: {},
        multiValueHeaders: {},
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        stageVariables: null,
        body: null,
        isBase64Encoded: false,
        requestContext: { requestId: "req-1" } as APIGatewayProxyEvent["requestContext"],
        ...opts,
    };
}

const store = (over: Partial<ObjectStore> = {}): ObjectStore => ({
    list: async () => ({
        objects: [{ key: "reports/a.csv", size: 3, lastModified: "2024-01-01T00:00:00.000Z" }],
        truncated: false,
    }),
    head: async (key) => (key === "reports/a.csv" ? { key, size: 3, contentType: "text/csv" } : undefined),
    ...over,
});

const deps = (over: Partial<Deps> = {}): Deps & { logged: unknown[] } => {
    const logged: unknown[] = [];
    return { store: store(), probeDatabase: async () => undefined, log: (...a) => logged.push(a), logged, ...over };
};

const body = (r: APIGatewayProxyResult) => JSON.parse(r.body) as Record<string, unknown>;

describe("handler routes", () => {
    test("GET /health answers 200 ok as JSON", async () => {
        const r = await handle(event("/health"), deps());
        expect(r.statusCode).toBe(200);
        expect(body(r)).toEqual({ status: "ok" });
        expect(r.headers).toMatchObject({ "Content-Type": "application/json", "Cache-Control": "no-store" });
    });

    test("GET /objects lists the data bucket with the requested prefix and limit", async () => {
        const seen: unknown[] = [];
        const d = deps({
            store: store({ list: async (prefix, limit) => (seen.push([prefix, limit]), { objects: [], truncated: true }) }),
        });
        const r = await handle(event("/objects", { queryStringParameters: { prefix: "reports/", limit: "5" } }), d);
        expect(r.statusCode).toBe(200);
        expect(body(r)).toEqual({ prefix: "reports/", objects: [], truncated: true });
        expect(seen).toEqual([["reports/", 5]]);
    });

    test("GET /objects defaults to no prefix and 20 objects", async () => {
        const seen: unknown[] = [];
        const d = deps({
            store: store({ list: async (prefix, limit) => (seen.push([prefix, limit]), { objects: [], truncated: false }) }),
        });
        expect((await handle(event("/objects"), d)).statusCode).toBe(200);
        expect(seen).toEqual([["", 20]]);
    });

    test("GET /objects/{key+} returns the object's metadata", async () => {
        const r = await handle(event("/objects/{key+}", { pathParameters: { key: "reports/a.csv" } }), deps());
        expect(r.statusCode).toBe(200);
        expect(body(r)).toEqual({ key: "reports/a.csv", size: 3, contentType: "text/csv" });
    });

    test("GET /db reports the database endpoint reachable", async () => {
        let t = 100;
        const r = await handle(event("/db"), deps({ now: () => (t += 7) }));
        expect(r.statusCode).toBe(200);
        expect(body(r)).toEqual({ status: "reachable", latencyMs: 7 });
    });

    test.each([
        ["limit above the maximum", { limit: "101" }],
        ["limit zero", { limit: "0" }],
        ["limit not an integer", { limit: "2.5" }],
        ["limit not a number", { limit: "ten" }],
        ["prefix with a quote", { prefix: 'a"b' }],
        ["prefix too long", { prefix: "a".repeat(513) }],
    ])("GET /objects rejects %s with 400", async (_label, query) => {
        const d = deps({ store: store({ list: async () => Promise.reject(new Error("must not be called")) }) });
        const r = await handle(event("/objects", { queryStringParameters: query }), d);
        expect(r.statusCode).toBe(400);
        expect(body(r)).toMatchObject({ error: "invalid_request" });
    });

    test.each([
        ["a parent segment", "../secret"],
        ["a nested parent segment", "a/../../b"],
        ["percent-encoding", "%2e%2e"],
        ["a key over 1024 characters", "a".repeat(1025)],
        ["an empty key", ""],
    ])("GET /objects/{key+} rejects %s with 400", async (_label, key) => {
        const r = await handle(event("/objects/{key+}", { pathParameters: { key } }), deps());
        expect(r.statusCode).toBe(400);
        expect(body(r).error).toBe("invalid_request");
    });

    test("a missing object is 404", async () => {
        const r = await handle(event("/objects/{key+}", { pathParameters: { key: "nope.txt" } }), deps());
        expect(r.statusCode).toBe(404);
        expect(body(r)).toEqual({ error: "not_found", message: "no such object" });
    });

    test("an unknown route is 404 and a wrong method 405", async () => {
        const r = await handle(event("/admin"), deps());
        expect(r.statusCode).toBe(404);
        expect(body(r).error).toBe("not_found");
        const m = await handle(event("/health", { httpMethod: "DELETE" }), deps());
        expect(m.statusCode).toBe(405);
        expect(m.headers).toMatchObject({ Allow: "GET" });
    });

    test("an upstream failure is 502 and leaks no internals; the details are logged", async () => {
        const secret = "AccessDenied: arn:aws:s3:::baseline-data-123456789012-us-east-1 via 10.0.1.5";
        const d = deps({ store: store({ list: async () => Promise.reject(new UpstreamFailure("s3", new Error(secret))) }) });
        const r = await handle(event("/objects"), d);
        expect(r.statusCode).toBe(502);
        expect(body(r)).toEqual({ error: "upstream_unavailable", message: "the data store is unavailable", requestId: "req-1" });
        expect(r.body).not.toContain("baseline-data");
        expect(JSON.stringify(d.logged)).toContain("AccessDenied");
    });

    test("a database that does not answer is 502 without its address", async () => {
        const d = deps({
            probeDatabase: async () =>
                Promise.reject(new UpstreamFailure("database", new Error("ECONNREFUSED db.internal:5432"))),
        });
        const r = await handle(event("/db"), d);
        expect(r.statusCode).toBe(502);
        expect(r.body).not.toContain("db.internal");
        expect(body(r).message).toBe("the database is unavailable");
    });

    test("an unexpected error is 500 with a generic message", async () => {
        const d = deps({
            store: store({
                head: async () => Promise.reject(new TypeError("cannot read properties of undefined (reading 'x')")),
            }),
        });
        const r = await handle(event("/objects/{key+}", { pathParameters: { key: "a" } }), d);
        expect(r.statusCode).toBe(500);
        expect(body(r)).toEqual({ error: "internal_error", message: "internal error", requestId: "req-1" });
    });

    test("the routes the REST API is built from", () => {
        expect(API_ROUTES).toEqual([
            { path: "/health", method: "GET" },
            { path: "/objects", method: "GET" },
            { path: "/objects/{key+}", method: "GET" },
            { path: "/db", method: "GET" },
        ]);
    });
});

describe("S3 adapter", () => {
    const sender = (reply: (cmd: unknown) => unknown): S3Sender & { sent: unknown[] } => {
        const sent: unknown[] = [];
        return {
            sent,
            send: (async (cmd: unknown) => {
                sent.push(cmd);
                return reply(cmd);
            }) as S3Sender["send"],
        };
    };

    test("list sends ListObjectsV2 for the bucket, prefix and limit", async () => {
        const s = sender(() => ({
            Contents: [{ Key: "a", Size: 1, LastModified: new Date("2024-01-02T00:00:00Z") }],
            IsTruncated: true,
        }));
        const out = await s3ObjectStore(s, "bucket-1").list("p/", 7);
        expect(s.sent[0]).toBeInstanceOf(ListObjectsV2Command);
        expect((s.sent[0] as ListObjectsV2Command).input).toEqual({ Bucket: "bucket-1", Prefix: "p/", MaxKeys: 7 });
        expect(out).toEqual({ objects: [{ key: "a", size: 1, lastModified: "2024-01-02T00:00:00.000Z" }], truncated: true });
    });

    test("head sends HeadObject and maps NotFound to undefined", async () => {
        const s = sender(() =>
            Promise.reject(Object.assign(new Error("NotFound"), { name: "NotFound", $metadata: { httpStatusCode: 404 } })),
        );
        expect(await s3ObjectStore(s, "bucket-1").head("k")).toBeUndefined();
        expect(s.sent[0]).toBeInstanceOf(HeadObjectCommand);
        expect((s.sent[0] as HeadObjectCommand).input).toEqual({ Bucket: "bucket-1", Key: "k" });
    });

    test("other S3 errors become UpstreamFailure", async () => {
        const s = sender(() =>
            Promise.reject(Object.assign(new Error("denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } })),
        );
        await expect(s3ObjectStore(s, "b").head("k")).rejects.toBeInstanceOf(UpstreamFailure);
        await expect(s3ObjectStore(s, "b").list("", 1)).rejects.toBeInstanceOf(UpstreamFailure);
    });
});

describe("database probe", () => {
    test("resolves when the port accepts a connection and fails when it does not", async () => {
        const server = net.createServer((s) => s.end());
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        const port = (server.address() as net.AddressInfo).port;
        await expect(tcpProbe("127.0.0.1", port, 1000)()).resolves.toBeUndefined();
        await new Promise<void>((r) => server.close(() => r()));
        await expect(tcpProbe("127.0.0.1", port, 1000)()).rejects.toBeInstanceOf(UpstreamFailure);
    });
});

describe("deployment package", () => {
    test("is CommonJS transpiled from every handler source, deterministically", () => {
        const files = transpileHandler();
        expect(Object.keys(files)).toEqual(["app.js", "dbProbe.js", "index.js", "s3Store.js"]);
        expect(files["index.js"]).toContain("exports.handler = handler");
        expect(files["index.js"]).toContain('require("@aws-sdk/client-s3")');
        expect(transpileHandler()).toEqual(files);
        expect(HANDLER_ENTRY).toBe("index.handler");
    });

    test("the packaged handler answers /health", async () => {
        const files = transpileHandler();
        // Built-ins and the AWS SDK resolve as the Lambda runtime would provide them.
        const nodeRequire = createRequire(__filename);
        const cache = new Map<string, Record<string, unknown>>();
        const load = (name: string): Record<string, unknown> => {
            const cached = cache.get(name);
            if (cached) return cached;
            const module = { exports: {} as Record<string, unknown> };
            cache.set(name, module.exports);
            const req = (id: string) => (id.startsWith("./") ? load(`${id.slice(2)}.js`) : nodeRequire(id));
            new Function("exports", "require", "module", files[name])(module.exports, req, module);
            return module.exports;
        };
        const handler = load("index.js")["handler"] as (e: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;
        const r = await handler(event("/health"));
        expect(r.statusCode).toBe(200);
        expect(JSON.parse(r.body)).toEqual({ status: "ok" });
        expect(path.basename(HANDLER_DIR)).toBe("handler");
    });
});
