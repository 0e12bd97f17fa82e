/**
 * Lambda entry point (`index.handler`). Clients are created once per execution
 * environment, outside the handler, so warm invocations reuse connections.
 */
import { S3Client } from "@aws-sdk/client-s3";
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from "aws-lambda";
import { Deps, handle } from "./app";
import { tcpProbe } from "./dbProbe";
import { s3ObjectStore } from "./s3Store";

let deps: Deps | undefined;

function wire(): Deps {
    const env = process.env;
    return {
        store: s3ObjectStore(new S3Client({}), env["DATA_BUCKET"] ?? ""),
        probeDatabase: tcpProbe(env["DB_ADDRESS"] ?? "", Number(env["DB_PORT"] ?? "5432"), 2000),
    };
}

export async function handler(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {
    deps ??= wire();
    return handle(event, deps);
}
