/**
 * Checks that the database endpoint accepts TCP connections from the function's
 * subnets and security group: a network-level health check that needs no
 * credentials (the API's role has none for the database).
 */
import { Socket, createConnection } from "net";
import { UpstreamFailure } from "./app";

export type Connect = (opts: { host: string; port: number }) => Socket;

export function tcpProbe(
    host: string,
    port: number,
    timeoutMs: number,
    connect: Connect = createConnection,
): () => Promise<void> {
    return () =>
        new Promise<void>((resolve, reject) => {
            const socket = connect({ host, port });
            const fail = (cause: unknown) => {
                socket.destroy();
                reject(new UpstreamFailure("database", cause));
            };
            socket.setTimeout(timeoutMs, () => fail(new Error(`connection timed out after ${timeoutMs} ms`)));
            socket.once("error", fail);
            socket.once("connect", () => {
                socket.end();
                resolve();
            });
        });
}
